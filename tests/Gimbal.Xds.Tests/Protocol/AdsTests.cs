using System.Diagnostics.Metrics;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;
using Gimbal.Xds.Protocol;
using Gimbal.Xds.Tests.Infrastructure;
using Gimbal.Xds.Translation;
using Microsoft.Extensions.DependencyInjection;

namespace Gimbal.Xds.Tests.Protocol;

public sealed class AdsTests
{
    private static readonly string[] WebAndApi = ["team-a/api/8443", "team-a/web/80"];

    [Fact]
    public async Task Updates_follow_make_before_break_order()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var ads = await AdsClient.ConnectAsync(http);

        // Subscribe to every type, routes first, and acknowledge each.
        (string Type, string[]? Names)[] subscriptions =
        [
            (TypeUrls.RouteConfiguration, ["ingress_http", "https/shop.example.com"]),
            (TypeUrls.Listener, null),
            (TypeUrls.Secret, ["team-a/shop-tls"]),
            (TypeUrls.ClusterLoadAssignment, WebAndApi),
            (TypeUrls.Cluster, null),
        ];
        foreach (var (type, names) in subscriptions)
        {
            await ads.RequestAsync(type, names: names);
            var response = await ads.ReceiveAsync();
            Assert.Equal(type, response.TypeUrl);
            await ads.AckAsync(response, names);
        }

        // One publish that changes every type arrives clusters first, routes last.
        server.Publisher.Publish(Changed(SampleTables.Rich()), SampleTables.RichEndpoints().With(SampleTables.Endpoints("team-a/api/8443", ("10.0.0.7", 8443))));
        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            order.Add((await ads.ReceiveAsync()).TypeUrl);
        }

        Assert.Equal(TypeUrls.SendOrder, order);
    }

    private static RouteTable Changed(RouteTable table) => table with
    {
        Clusters = table.Clusters.Select(c => c with { CircuitBreakers = new Gimbal.Core.Routing.CircuitBreakers { MaxRetries = 7 } }).ToEquatableArray(),
        Certificates = table.Certificates.Select(c => c with { CertificatePem = c.CertificatePem + "\n" }).ToEquatableArray(),
        VirtualHosts = table.VirtualHosts.Select(h => h with { Tls = h.Tls is null ? null : h.Tls with { MinimumProtocolVersion = "1.2" }, Routes = h.Routes.Select(r => r with { Insecure = InsecurePolicy.Allow }).ToEquatableArray() }).ToEquatableArray(),
    };

    [Fact]
    public async Task Nack_keeps_the_acked_version_and_is_not_answered_with_the_same_version()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var nacks = new NackRecorder(server.Services.GetRequiredService<IMeterFactory>());
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var ads = await AdsClient.ConnectAsync(http);

        await ads.RequestAsync(TypeUrls.Cluster);
        var first = await ads.ReceiveAsync();
        Assert.Equal(4, first.Resources.Count);
        await ads.AckAsync(first);

        var changed = SampleTables.Rich() with { Clusters = SampleTables.Rich().Clusters.Where(c => c.Name != "team-b/legacy/443").ToEquatableArray() };
        server.Publisher.Publish(changed, SampleTables.RichEndpoints());
        var rejected = await ads.ReceiveAsync();
        Assert.NotEqual(first.VersionInfo, rejected.VersionInfo);
        await ads.RequestAsync(TypeUrls.Cluster, version: first.VersionInfo, nonce: rejected.Nonce, error: "cluster rejected");

        // The stream answers in order: a fresh subscription comes back before anything else would.
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, names: ["team-a/web/80"]);
        var next = await ads.ReceiveAsync();
        Assert.Equal(TypeUrls.ClusterLoadAssignment, next.TypeUrl);
        await WaitFor(() => nacks.Count == 1);

        // A new snapshot is sent again.
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        var again = await ads.ReceiveAsync();
        Assert.Equal(TypeUrls.Cluster, again.TypeUrl);
        Assert.Equal(first.VersionInfo, again.VersionInfo);
    }

    [Fact]
    public async Task Reconnect_with_the_current_version_resends_nothing()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        string version;
        await using (var ads = await AdsClient.ConnectAsync(http))
        {
            await ads.RequestAsync(TypeUrls.Cluster);
            var response = await ads.ReceiveAsync();
            await ads.AckAsync(response);
            version = response.VersionInfo;
        }

        // A reconnecting proxy opens a new connection.
        using var http2 = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        await using var again = await AdsClient.ConnectAsync(http2);
        await again.RequestAsync(TypeUrls.Cluster, version: version);
        await again.RequestAsync(TypeUrls.Listener);
        Assert.Equal(TypeUrls.Listener, (await again.ReceiveAsync()).TypeUrl);

        var changed = SampleTables.Rich() with { Clusters = SampleTables.Rich().Clusters.Skip(1).ToEquatableArray() };
        server.Publisher.Publish(changed, SampleTables.RichEndpoints());
        var update = await again.ReceiveAsync();
        Assert.Equal(TypeUrls.Cluster, update.TypeUrl);
        Assert.Equal(3, update.Resources.Count);
    }

    [Fact]
    public async Task Endpoint_change_sends_only_the_changed_assignment()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var ads = await AdsClient.ConnectAsync(http);
        await ads.RequestAsync(TypeUrls.Cluster);
        await ads.AckAsync(await ads.ReceiveAsync());
        await ads.RequestAsync(TypeUrls.Listener);
        await ads.AckAsync(await ads.ReceiveAsync());
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, names: WebAndApi);
        var endpoints = await ads.ReceiveAsync();
        Assert.Equal(2, endpoints.Resources.Count);
        await ads.AckAsync(endpoints, WebAndApi);

        server.Publisher.PublishEndpoints(SampleTables.RichEndpoints().With(SampleTables.Endpoints("team-a/api/8443", ("10.0.0.9", 8443))));

        var update = await ads.ReceiveAsync();
        Assert.Equal(TypeUrls.ClusterLoadAssignment, update.TypeUrl);
        var assignment = Assert.Single(update.Resources).Unpack<ClusterLoadAssignment>();
        Assert.Equal("team-a/api/8443", assignment.ClusterName);
        Assert.Equal("10.0.0.9", assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.Address);

        // Nothing else was queued: the next response answers a new request.
        await ads.AckAsync(update, WebAndApi);
        await ads.RequestAsync(TypeUrls.Secret, names: ["team-a/shop-tls"]);
        Assert.Equal(TypeUrls.Secret, (await ads.ReceiveAsync()).TypeUrl);
    }

    [Fact]
    public async Task Unsubscribed_names_are_no_longer_sent()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var ads = await AdsClient.ConnectAsync(http);
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, names: WebAndApi);
        var both = await ads.ReceiveAsync();
        Assert.Equal(2, both.Resources.Count);
        await ads.AckAsync(both, ["team-a/web/80"]);

        // The stream handles requests in order: once this answer arrives, the unsubscribe was applied.
        await ads.RequestAsync(TypeUrls.Listener);
        Assert.Equal(TypeUrls.Listener, (await ads.ReceiveAsync()).TypeUrl);

        var endpoints = SampleTables.RichEndpoints()
            .With(SampleTables.Endpoints("team-a/api/8443", ("10.0.0.9", 8443)))
            .With(SampleTables.Endpoints("team-a/web/80", ("10.1.0.9", 8080)));
        server.Publisher.PublishEndpoints(endpoints);

        var update = await ads.ReceiveAsync();
        Assert.Equal("team-a/web/80", Assert.Single(update.Resources).Unpack<ClusterLoadAssignment>().ClusterName);
    }

    [Fact]
    public async Task Two_hundred_concurrent_streams_all_receive_every_change()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        var clients = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => AdsClient.ConnectAsync(http, $"envoy-{i}")));
        try
        {
            var first = await Task.WhenAll(clients.Select(async c =>
            {
                await c.RequestAsync(TypeUrls.Cluster);
                var response = await c.ReceiveAsync();
                await c.AckAsync(response);
                return response.VersionInfo;
            }));
            Assert.Single(first.Distinct());

            var changed = SampleTables.Rich() with { Clusters = SampleTables.Rich().Clusters.Skip(1).ToEquatableArray() };
            server.Publisher.Publish(changed, SampleTables.RichEndpoints());
            var second = await Task.WhenAll(clients.Select(async c => await c.ReceiveAsync()));

            Assert.All(second, r => Assert.Equal(3, r.Resources.Count));
            Assert.Single(second.Select(r => r.VersionInfo).Distinct());
            Assert.NotEqual(first[0], second[0].VersionInfo);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Grpc_clients_get_api_listeners_and_envoys_socket_listeners()
    {
        await using var server = await XdsTestServer.StartAsync();
        using var http = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        server.Publisher.Publish(SampleTables.Rich(), SampleTables.RichEndpoints());
        await using var envoy = await AdsClient.ConnectAsync(http, "envoy", "envoy");
        await envoy.RequestAsync(TypeUrls.Listener);
        var envoyListeners = (await envoy.ReceiveAsync()).Resources.Select(r => r.Unpack<Envoy.Config.Listener.V3.Listener>().Name);

        using var grpcHttp = GrpcTestCall<Envoy.Service.Discovery.V3.DiscoveryRequest, Envoy.Service.Discovery.V3.DiscoveryResponse>.CreateClient(server.Address);
        await using var grpc = await AdsClient.ConnectAsync(grpcHttp, "grpc", "gRPC Go");
        await grpc.RequestAsync(TypeUrls.Listener, names: ["greeter.example.com"]);
        var grpcListener = Assert.Single((await grpc.ReceiveAsync()).Resources).Unpack<Envoy.Config.Listener.V3.Listener>();
        Assert.Equal(["ingress_http", "ingress_https"], envoyListeners);
        Assert.Equal("greeter.example.com", grpcListener.Name);
        Assert.NotNull(grpcListener.ApiListener);
    }

    internal static async Task WaitFor(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Counts gimbal_xds_nacks measurements of one server (tests running at the same time share the meter name).</summary>
    private sealed class NackRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public NackRecorder(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name == "gimbal_xds_nacks")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, (int)value));
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
