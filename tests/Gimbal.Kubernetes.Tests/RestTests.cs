using System.Text.Json.Nodes;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Client;
using Gimbal.Kubernetes.Errors;

namespace Gimbal.Kubernetes.Tests;

public sealed class RestTests
{
    private static Service WebService(string ns = "team-a", string name = "web", IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = labels ?? new Dictionary<string, string> { ["app"] = name } },
        Spec = new ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = 8080 }],
        },
    };

    [Fact]
    public async Task Create_get_replace_patch_delete_round_trip_with_server_defaults()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.CreateNamespace("team-a");
        var services = cluster.Client.Services;

        var created = await services.CreateAsync(WebService());
        Assert.NotNull(created.Metadata.Uid);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("ClusterIP", created.Spec!.Type);
        Assert.StartsWith("10.96.", created.Spec.ClusterIP, StringComparison.Ordinal);
        Assert.Equal("TCP", created.Spec.Ports![0].Protocol);

        var fetched = await services.GetAsync("team-a", "web");
        Assert.Equal(created.Metadata.ResourceVersion, fetched.Metadata.ResourceVersion);

        var replaced = await services.ReplaceAsync(fetched with { Metadata = fetched.Metadata with { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } } });
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion!) > long.Parse(fetched.Metadata.ResourceVersion!));
        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);

        var patched = await services.PatchAsync("team-a", "web", JsonNode.Parse("""{"metadata":{"labels":{"tier":null,"team":"a"}}}""")!);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["team"] = "a" }, patched.Metadata.Labels);
        Assert.Equal("web", cluster.Server.Get<Service>("team-a", "web")!.Metadata.Labels!["app"]);

        await services.DeleteAsync("team-a", "web");
        var missing = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => services.GetAsync("team-a", "web"));
        Assert.Equal("services \"web\" not found", missing.Status!.Message);
        Assert.Equal("NotFound", missing.Reason);
        Assert.Equal("services", missing.Status.Details!.Kind);
    }

    [Fact]
    public async Task Errors_become_typed_exceptions_carrying_the_status()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Server.CreateNamespace("team-a");
        var services = cluster.Client.Services;
        var first = await services.CreateAsync(WebService());

        var exists = await Assert.ThrowsAsync<KubernetesAlreadyExistsException>(() => services.CreateAsync(WebService()));
        Assert.Equal(409, exists.Status!.Code);
        Assert.Equal("services \"web\" already exists", exists.Status.Message);

        await services.PatchAsync("team-a", "web", JsonNode.Parse("""{"metadata":{"annotations":{"x":"y"}}}""")!);
        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() => services.ReplaceAsync(first));
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Contains("the object has been modified", conflict.Message, StringComparison.Ordinal);

        var stalePatch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = first.Metadata.ResourceVersion, ["labels"] = new JsonObject { ["x"] = "y" } } };
        await Assert.ThrowsAsync<KubernetesConflictException>(() => services.PatchAsync("team-a", "web", stalePatch));

        var noNamespace = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => services.CreateAsync(WebService(ns: "no-such-ns")));
        Assert.Equal("namespaces \"no-such-ns\" not found", noNamespace.Status!.Message);
        Assert.Equal("no-such-ns", noNamespace.Status.Details!.Name);

        var invalid = await Assert.ThrowsAsync<KubernetesInvalidException>(() => services.CreateAsync(WebService(name: "Bad_Name")));
        Assert.Equal("Service", invalid.Status!.Details!.Kind);
        var cause = Assert.Single(invalid.Status.Details.Causes!);
        Assert.Equal("metadata.name", cause.Field);
        Assert.Equal("FieldValueInvalid", cause.Reason);

        var wrongUid = new DeleteOptions { PreconditionUid = "00000000-0000-0000-0000-000000000000" };
        var precondition = await Assert.ThrowsAsync<KubernetesConflictException>(() => services.DeleteAsync("team-a", "web", wrongUid));
        Assert.Contains("the UID in the precondition", precondition.Message, StringComparison.Ordinal);

        var current = await services.GetAsync("team-a", "web");
        await services.DeleteAsync("team-a", "web", new DeleteOptions { PreconditionUid = current.Metadata.Uid, PreconditionResourceVersion = current.Metadata.ResourceVersion });
        await Assert.ThrowsAsync<KubernetesNotFoundException>(() => services.DeleteAsync("team-a", "web"));
    }

    [Fact]
    public async Task GenerateName_gives_the_prefix_and_five_characters()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.Services.CreateAsync(WebService(ns: "default") with { Metadata = new ObjectMeta { GenerateName = "web-", Namespace = "default" } });
        Assert.Matches("^web-[a-z0-9]{5}$", created.Metadata.Name!);
    }

    [Fact]
    public async Task Status_subresource_keeps_spec_and_generation_counts_spec_changes_only()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ingresses = cluster.Client.Ingresses;
        var ingress = new Ingress
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
            Spec = new IngressSpec
            {
                Rules = [new IngressRule { Host = "web.example.com", Http = new HttpIngressRuleValue { Paths = [new HttpIngressPath { Path = "/", PathType = "Prefix", Backend = new IngressBackend { Service = new IngressServiceBackend { Name = "web", Port = new ServiceBackendPort { Number = 80 } } } }] } }],
            },
        };
        var created = await ingresses.CreateAsync(ingress);
        Assert.Equal(1, created.Metadata.Generation);

        var withStatus = created with { Status = new IngressStatus { LoadBalancer = new LoadBalancerStatus { Ingress = [new LoadBalancerIngress { Ip = "10.0.0.1" }] } } };
        var afterStatus = await ingresses.ReplaceStatusAsync(withStatus with { Spec = withStatus.Spec! with { IngressClassName = "ignored" } });
        Assert.Equal("10.0.0.1", afterStatus.Status!.LoadBalancer!.Ingress![0].Ip);
        Assert.Null(afterStatus.Spec!.IngressClassName);
        Assert.Equal(1, afterStatus.Metadata.Generation);

        var labelled = await ingresses.PatchAsync("default", "web", JsonNode.Parse("""{"metadata":{"labels":{"a":"b"}}}""")!);
        Assert.Equal(1, labelled.Metadata.Generation);

        var respec = await ingresses.PatchAsync("default", "web", JsonNode.Parse("""{"spec":{"ingressClassName":"gimbal"},"status":{"loadBalancer":{}}}""")!);
        Assert.Equal(2, respec.Metadata.Generation);
        Assert.Equal("10.0.0.1", respec.Status!.LoadBalancer!.Ingress![0].Ip);

        var statusPatched = await ingresses.PatchStatusAsync("default", "web", JsonNode.Parse("""{"status":{"loadBalancer":{"ingress":[{"hostname":"lb.example.com"}]}}}""")!);
        Assert.Equal("lb.example.com", statusPatched.Status!.LoadBalancer!.Ingress![0].Hostname);
        Assert.Equal(2, statusPatched.Metadata.Generation);
    }

    [Fact]
    public async Task Cluster_scoped_and_other_typed_resources_work()
    {
        await using var cluster = await TestCluster.StartAsync();
        var client = cluster.Client;
        await client.Namespaces.CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "team-b" } });
        Assert.Equal("Active", (await client.Namespaces.GetAsync(null, "team-b")).Status!.Phase);

        await client.Nodes.CreateAsync(new Node { Metadata = new ObjectMeta { Name = "node-1" }, Status = new NodeStatus { Addresses = [new NodeAddress { Type = "InternalIP", Address = "10.1.0.1" }] } });
        Assert.Single((await client.Nodes.ListAsync(null)).Items);

        await client.IngressClasses.CreateAsync(new IngressClass { Metadata = new ObjectMeta { Name = "gimbal" }, Spec = new IngressClassSpec { Controller = "gimbal.dev/ingress" } });
        Assert.Equal("gimbal.dev/ingress", (await client.IngressClasses.GetAsync(null, "gimbal")).Spec!.Controller);

        var secret = await client.Secrets.CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "tls", Namespace = "team-b" }, Type = Secret.TlsType, Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1, 2], ["tls.key"] = [3] } });
        Assert.Equal([1, 2], secret.Data!["tls.crt"]);
        var badTls = await Assert.ThrowsAsync<KubernetesInvalidException>(() => client.Secrets.CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "no-key", Namespace = "team-b" }, Type = Secret.TlsType, Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1] } }));
        Assert.Equal("data[tls.key]", badTls.Status!.Details!.Causes![0].Field);

        var endpoints = await client.Endpoints.CreateAsync(new Endpoints
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "team-b" },
            Subsets = [new EndpointSubset { Addresses = [new EndpointAddress { Ip = "10.0.0.5" }], Ports = [new EndpointPort { Port = 8080 }] }],
        });
        Assert.Equal("10.0.0.5", endpoints.Subsets![0].Addresses![0].Ip);
        await Assert.ThrowsAsync<KubernetesInvalidException>(() => client.Endpoints.CreateAsync(endpoints with { Metadata = new ObjectMeta { Name = "loop", Namespace = "team-b" }, Subsets = [new EndpointSubset { Addresses = [new EndpointAddress { Ip = "127.0.0.1" }] }] }));

        var slice = await client.EndpointSlices.CreateAsync(new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "web-abc", Namespace = "team-b", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
            AddressType = "IPv4",
            Endpoints = [new SliceEndpoint { Addresses = ["10.0.0.5"] }],
        });
        Assert.Equal(1, slice.Metadata.Generation);

        // Deleting a namespace answers with the Terminating namespace and removes its contents.
        await client.Namespaces.DeleteAsync(null, "team-b");
        await Assert.ThrowsAsync<KubernetesNotFoundException>(() => client.Namespaces.GetAsync(null, "team-b"));
        Assert.Empty(cluster.Server.List<Endpoints>("team-b"));
    }

    [Fact]
    public async Task Custom_resources_round_trip_as_raw_json()
    {
        var routes = Gimbal.Testing.Resources.ApiResource.Custom("gimbal.dev", "v1", "httproutes", "HTTPRoute");
        var options = new Gimbal.Testing.KubeApiTestServerOptions();
        options.CustomResources.Add(routes);
        await using var cluster = await TestCluster.StartAsync(options);
        var client = cluster.Client.CustomResource("gimbal.dev", "v1", "httproutes");

        var route = new GenericObject
        {
            ApiVersion = "gimbal.dev/v1",
            Kind = "HTTPRoute",
            Metadata = new ObjectMeta { Name = "r1", Namespace = "default" },
            AdditionalProperties = new() { ["spec"] = System.Text.Json.JsonDocument.Parse("""{"host":"a.example.com","weight":3}""").RootElement },
        };
        var created = await client.CreateAsync(route);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("a.example.com", created.AdditionalProperties!["spec"].GetProperty("host").GetString());

        var patched = await client.PatchAsync("default", "r1", JsonNode.Parse("""{"spec":{"weight":5}}""")!);
        Assert.Equal(5, patched.AdditionalProperties!["spec"].GetProperty("weight").GetInt32());
        Assert.Equal(2, patched.Metadata.Generation);

        var status = await client.PatchStatusAsync("default", "r1", JsonNode.Parse("""{"status":{"accepted":true}}""")!);
        Assert.True(status.AdditionalProperties!["status"].GetProperty("accepted").GetBoolean());

        var listed = await client.ListAsync("default");
        Assert.Equal("r1", Assert.Single(listed.Items).Metadata.Name);
    }

    [Fact]
    public async Task Discovery_documents_list_the_served_resources()
    {
        await using var cluster = await TestCluster.StartAsync();
        var groups = await cluster.Client.GetRawAsync("/apis");
        var names = groups.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList();
        Assert.Contains("networking.k8s.io", names);
        Assert.Contains("discovery.k8s.io", names);

        var core = await cluster.Client.GetRawAsync("/api/v1");
        Assert.False(core.TryGetProperty("apiVersion", out _));
        var resources = core.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("services", resources);
        Assert.Contains("services/status", resources);

        var networking = await cluster.Client.GetRawAsync("/apis/networking.k8s.io/v1");
        Assert.Equal("v1", networking.GetProperty("apiVersion").GetString());
        Assert.Equal("/api", (await cluster.Client.GetRawAsync("/api")).GetProperty("kind").GetString() == "APIVersions" ? "/api" : "wrong");

        var unknown = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => cluster.Client.GetRawAsync("/api/v1/namespaces/default/widgets"));
        Assert.Equal("the server could not find the requested resource", unknown.Status!.Message);
    }
}
