using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Configuration;
using Gimbal.Kubernetes.Credentials;
using Gimbal.Kubernetes.DependencyInjection;
using Gimbal.Kubernetes.Diagnostics;
using Gimbal.Kubernetes.Errors;
using Gimbal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gimbal.Kubernetes.Tests;

public sealed class TransportTests
{
    [Fact]
    public async Task Throttled_answers_with_Retry_After_are_retried_then_surface_as_TooManyRequests()
    {
        await using var cluster = await TestCluster.StartAsync(configure: c => c with { MaxRetries = 2, MaxRetryAfter = TimeSpan.FromMilliseconds(100) });
        cluster.Server.Faults.FailNextRequests(2, 429, TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await cluster.Client.Namespaces.ListAsync(null)).Items);
        Assert.Equal(3, cluster.Server.Requests.Snapshot().Count(r => r.PathAndQuery == "/api/v1/namespaces"));

        cluster.Server.Faults.FailNextRequests(5, 429, TimeSpan.FromSeconds(1));
        var throttled = await Assert.ThrowsAsync<KubernetesTooManyRequestsException>(() => cluster.Client.Namespaces.ListAsync(null));
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);
        Assert.Equal(1, throttled.Status!.Details!.RetryAfterSeconds);

        cluster.Server.Faults.FailNextRequests(1, 500);
        var failed = await Assert.ThrowsAsync<KubernetesServerErrorException>(() => cluster.Client.Namespaces.ListAsync(null));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.StatusCode);
    }

    [Fact]
    public async Task A_slow_server_runs_into_the_request_timeout_and_cancellation_is_honoured()
    {
        await using var cluster = await TestCluster.StartAsync(configure: c => c with { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        cluster.Server.Faults.Delay = TimeSpan.FromSeconds(20);
        await Assert.ThrowsAsync<TimeoutException>(() => cluster.Client.Namespaces.ListAsync(null));

        using var cancel = new CancellationTokenSource();
        var pending = cluster.Client.Services.GetAsync("default", "x", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        cluster.Server.Faults.Delay = TimeSpan.Zero;
        Assert.NotEmpty((await cluster.Client.Namespaces.ListAsync(null)).Items);
    }

    [Fact]
    public async Task Bearer_tokens_are_sent_and_a_refused_one_is_Unauthorized()
    {
        var options = new KubeApiTestServerOptions { BearerTokens = ["good-token"] };
        await using var good = await TestCluster.StartAsync(options, c => c with { Credentials = StaticCredentials.BearerToken("good-token") });
        Assert.NotEmpty((await good.Client.Namespaces.ListAsync(null)).Items);

        using var bad = new KubernetesClient(good.Client.Configuration with { Credentials = StaticCredentials.BearerToken("wrong") });
        var refused = await Assert.ThrowsAsync<KubernetesUnauthorizedException>(() => bad.Namespaces.ListAsync(null));
        Assert.Equal("Unauthorized", refused.Status!.Message);

        using var anonymous = new KubernetesClient(good.Client.Configuration with { Credentials = null });
        await Assert.ThrowsAsync<KubernetesUnauthorizedException>(() => anonymous.Namespaces.GetAsync(null, "default"));
    }

    [Fact]
    public async Task Metrics_count_requests_by_verb_resource_and_code_and_the_rate_limiter_holds_back_bursts()
    {
        await using var server = await KubeApiTestServer.StartAsync();
        using var metrics = new KubernetesClientMetrics();
        var measurements = new ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KubernetesClientMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if ((string?)tagged.GetValueOrDefault("cluster") == "metrics-test")
            {
                measurements.Enqueue((instrument.Name, value, tagged));
            }
        });
        listener.Start();

        // Three lists at once against a burst of one at 2 qps: two of them must wait for a token, however slowly the
        // machine runs the requests themselves (sequential requests slower than the refill would never wait).
        using var client = new KubernetesClient(new KubernetesClientConfiguration { Server = server.Url, Name = "metrics-test", Qps = 2, Burst = 1 }, metrics: metrics);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.Namespaces.ListAsync(null)));

        await Assert.ThrowsAsync<KubernetesNotFoundException>(() => client.Services.GetAsync("default", "missing"));

        var requests = measurements.Where(m => m.Name == "gimbal.kubernetes.client.requests").ToList();
        Assert.Equal(3, requests.Count(m => (string?)m.Tags["verb"] == "list" && (string?)m.Tags["resource"] == "namespaces" && (int?)m.Tags["code"] == 200));
        Assert.Single(requests, m => (string?)m.Tags["verb"] == "get" && (int?)m.Tags["code"] == 404);
        Assert.Contains(measurements, m => m.Name == "gimbal.kubernetes.client.rate_limited");
    }

    [Fact]
    public async Task Plain_http_speaks_HTTP_1_1_and_reuses_the_connection()
    {
        await using var cluster = await TestCluster.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await cluster.Client.Namespaces.GetAsync(null, "default");
        }

        var requests = cluster.Server.Requests.Snapshot();
        Assert.All(requests, r => Assert.Equal("HTTP/1.1", r.Protocol));
        Assert.Single(requests.Select(r => r.ConnectionId).Distinct());
    }

    [Fact]
    public async Task The_DI_extension_gives_a_default_client_and_a_factory_for_more_clusters()
    {
        await using var upstream = await KubeApiTestServer.StartAsync();
        await using var gimbal = await KubeApiTestServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGimbalKubernetesClient(o =>
        {
            o.Configuration = new KubernetesClientConfiguration { Server = gimbal.Url, Name = "gimbal" };
            o.Qps = 50;
            o.Burst = 100;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<KubernetesClient>();
        Assert.Equal(50, client.Configuration.Qps);
        await client.Services.CreateAsync(new Service { Metadata = new ObjectMeta { Name = "in-gimbal", Namespace = "default" }, Spec = new ServiceSpec { Ports = [new ServicePort { Port = 80 }] } });

        var other = provider.GetRequiredService<IKubernetesClientFactory>().Create(new KubernetesClientConfiguration { Server = upstream.Url, Name = "upstream" });
        Assert.Empty((await other.Services.ListAsync("default")).Items);
        Assert.NotNull(gimbal.Get<Service>("default", "in-gimbal"));
    }
}
