using System.Text;
using Gimbal.Core.Compilation.Annotations;
using Gimbal.Yarp.Tests.Infrastructure;
using static Gimbal.Yarp.Tests.FastLane.LaneGateways;

namespace Gimbal.Yarp.Tests.FastLane;

/// <summary>
/// The fast lane serves only routes it forwards exactly like YARP; routes with timeouts, retries or redirects (reason
/// "route") and clusters with strategies that count requests or hash (reason "destination") are handed off and
/// answered as YARP answers them.
/// </summary>
public sealed class FastLaneRouteEligibilityTests(FastLaneRouteEligibilityTests.Fixture fixture) : IClassFixture<FastLaneRouteEligibilityTests.Fixture>
{
    [Theory]
    [InlineData("plain.test")]
    [InlineData("random.test")]
    public async Task Plain_round_robin_and_random_routes_are_served_by_the_fast_lane(string host)
    {
        var forwarded = fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded);

        var (fast, slow) = await GetThroughBothAsync(host);

        Assert.Equal(200, fast.Status);
        Assert.Equal(slow.Text, fast.Text);
        await fixture.Pair.FastCounters.GrewAsync(forwarded, GatewayCounters.Forwarded);
    }

    [Theory]
    [InlineData("timeout.test", "route")]
    [InlineData("idle.test", "route")]
    [InlineData("retry.test", "route")]
    [InlineData("redirect.test", "route")]
    [InlineData("least.test", "destination")]
    [InlineData("hash.test", "destination")]
    public async Task Routes_the_fast_lane_cannot_forward_exactly_are_handed_off(string host, string reason)
    {
        var forwarded = fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded);
        var handoffs = fixture.Pair.FastCounters.HandoffsFor(reason);

        var (fast, slow) = await GetThroughBothAsync(host);

        Assert.Equal(slow.Status, fast.Status);
        Assert.Equal(slow.Header("Location"), fast.Header("Location"));
        Assert.Equal(slow.Text, fast.Text);
        await fixture.Pair.FastCounters.HandedOffAsync(handoffs, reason);
        Assert.Equal(forwarded, fixture.Pair.FastCounters.Sum(GatewayCounters.Forwarded));
    }

    private async Task<(RawResponse Fast, RawResponse Slow)> GetThroughBothAsync(string host)
    {
        async Task<RawResponse> GetAsync(GatewayProgram program)
        {
            await using var connection = await RawHttpConnection.OpenAsync(program.App.HttpPort);
            return await connection.ExchangeAsync(Get("/eligible?x=1", host, "x-user: alice"));
        }

        return (await GetAsync(fixture.Pair.Fast), await GetAsync(fixture.Pair.Slow));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Core.Routing.TlsCertificate _certificate = TestCertificates.Create("team-a/redirect-tls", "redirect.test");

        public LaneUpstream Upstream { get; private set; } = null!;

        public GatewayPair Pair { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Upstream = await LaneUpstream.StartAsync("lane");
            Pair = await GatewayPair.StartAsync(Manifests());
        }

        public async Task DisposeAsync()
        {
            await Pair.DisposeAsync();
            await Upstream.DisposeAsync();
        }

        private string Manifests() =>
            LoopbackManifests.Service("team-a", "lane", Upstream.Port)
            + LoopbackManifests.Ingress("team-a", "shop", "shop.test", "lane")
            + LoopbackManifests.Ingress("team-a", "plain", "plain.test", "lane")
            + Ingress("random", "random.test", "lane", new Dictionary<string, string> { [GimbalAnnotations.LoadBalancerStrategy] = "Random" })
            + Ingress("timeout", "timeout.test", "lane", new Dictionary<string, string> { [GimbalAnnotations.RequestTimeout] = "10s" })
            + Ingress("idle", "idle.test", "lane", new Dictionary<string, string> { [GimbalAnnotations.IdleTimeout] = "10s" })
            + Ingress("retry", "retry.test", "lane", new Dictionary<string, string> { [GimbalAnnotations.RetryCount] = "1" })
            + Ingress("least", "least.test", "lane", new Dictionary<string, string> { [GimbalAnnotations.LoadBalancerStrategy] = "LeastRequest" })
            + Ingress("hash", "hash.test", "lane", new Dictionary<string, string>
            {
                [GimbalAnnotations.LoadBalancerStrategy] = "RingHash",
                [GimbalAnnotations.HashHeader] = "x-user",
            })
            + $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: redirect-tls
              namespace: team-a
            type: kubernetes.io/tls
            data:
              tls.crt: {Convert.ToBase64String(Encoding.ASCII.GetBytes(_certificate.CertificatePem))}
              tls.key: {Convert.ToBase64String(Encoding.ASCII.GetBytes(_certificate.PrivateKeyPem))}
            ---

            """
            + Ingress("redirect", "redirect.test", "lane", new Dictionary<string, string> { [GimbalAnnotations.ForceSslRedirect] = "true" }, tlsSecret: "redirect-tls");
    }
}
