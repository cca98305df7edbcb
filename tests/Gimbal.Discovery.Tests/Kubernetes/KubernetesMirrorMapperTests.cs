using Gimbal.Core.Kubernetes;
using Gimbal.Core.Naming;
using Gimbal.Discovery.Kubernetes;

namespace Gimbal.Discovery.Tests.Kubernetes;

public sealed class KubernetesMirrorMapperTests
{
    private readonly KubernetesMirrorMapper _mapper = new("east", new KubernetesDiscovererOptions());

    [Fact]
    public void Maps_a_service_to_a_headless_labelled_copy_with_its_ports()
    {
        var upstream = new Service
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "web", Labels = new Dictionary<string, string> { ["app"] = "web" }, Annotations = new Dictionary<string, string> { ["a"] = "b" }, Uid = "u1", ResourceVersion = "7" },
            Spec = new ServiceSpec { Type = "LoadBalancer", ClusterIP = "10.96.0.10", Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = "web", Protocol = "TCP", NodePort = 30080 }] },
        };
        var endpoints = new Endpoints
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "web" },
            Subsets = [new EndpointSubset
            {
                Addresses = [new EndpointAddress { Ip = "10.0.0.1", NodeName = "node-1", TargetRef = new ObjectReferenceModel { Kind = "Pod", Name = "web-1" } }],
                NotReadyAddresses = [new EndpointAddress { Ip = "10.0.0.2" }],
                Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            }],
        };

        var mirror = _mapper.Map(upstream, endpoints);

        Assert.Equal("east-web", mirror.Service.Metadata.Name);
        Assert.Equal("team-a", mirror.Service.Metadata.Namespace);
        Assert.Null(mirror.Service.Metadata.Uid);
        Assert.Null(mirror.Service.Metadata.ResourceVersion);
        Assert.Equal("ClusterIP", mirror.Service.Spec!.Type);
        Assert.Equal("None", mirror.Service.Spec.ClusterIP);
        Assert.Null(mirror.Service.Spec.Selector);
        var port = Assert.Single(mirror.Service.Spec.Ports!);
        Assert.Equal(("http", 80, "web", "TCP", (int?)null), (port.Name, port.Port, port.TargetPort!.Value.Text, port.Protocol, port.NodePort));
        Assert.Equal("east", mirror.Service.Metadata.Labels![GimbalLabels.Backend]);
        Assert.Equal("web", mirror.Service.Metadata.Labels[GimbalLabels.Service]);
        Assert.Equal("web", mirror.Service.Metadata.Labels["app"]);
        Assert.Equal("b", mirror.Service.Metadata.Annotations!["a"]);

        var subset = Assert.Single(mirror.Endpoints.Subsets!);
        Assert.Equal("east-web", mirror.Endpoints.Metadata.Name);
        Assert.Null(subset.Addresses![0].TargetRef);
        Assert.Null(subset.Addresses[0].NodeName);
        Assert.Equal("10.0.0.2", subset.NotReadyAddresses![0].Ip);
    }

    [Theory]
    [InlineData("kube-system", "dns", null, false)]
    [InlineData("default", "kubernetes", null, false)]
    [InlineData("default", "web", null, true)]
    [InlineData("team-a", "west-web", "west", false)]
    public void Chooses_what_to_mirror(string ns, string name, string? backendLabel, bool mirrored)
    {
        var labels = backendLabel is null ? null : new Dictionary<string, string> { [GimbalLabels.Backend] = backendLabel };
        Assert.Equal(mirrored, _mapper.ShouldMirror(new Service { Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = labels } }));
    }

    [Fact]
    public void Namespace_allow_and_deny_lists_apply()
    {
        var options = new KubernetesDiscovererOptions();
        options.AllowNamespaces.Add("team-a");
        options.AllowNamespaces.Add("team-b");
        options.DenyNamespaces.Add("team-b");
        var mapper = new KubernetesMirrorMapper("east", options);

        Assert.True(mapper.ShouldMirrorNamespace("team-a"));
        Assert.False(mapper.ShouldMirrorNamespace("team-b"));
        Assert.False(mapper.ShouldMirrorNamespace("team-c"));
    }

    [Fact]
    public void Endpoints_are_rebuilt_from_upstream_slices()
    {
        var slices = new[]
        {
            new EndpointSlice
            {
                Metadata = new ObjectMeta { Namespace = "team-a", Name = "web-abc" },
                AddressType = "IPv4",
                Endpoints = [new SliceEndpoint { Addresses = ["10.0.0.1"] }, new SliceEndpoint { Addresses = ["10.0.0.2"], Conditions = new EndpointConditions { Ready = false } }],
                Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
            },
            new EndpointSlice { Metadata = new ObjectMeta { Namespace = "team-a", Name = "web-fqdn" }, AddressType = "FQDN", Endpoints = [new SliceEndpoint { Addresses = ["example.com"] }] },
        };

        var endpoints = KubernetesMirrorMapper.EndpointsFromSlices("team-a", "web", slices);

        var subset = Assert.Single(endpoints.Subsets!);
        Assert.Equal("10.0.0.1", Assert.Single(subset.Addresses!).Ip);
        Assert.Equal("10.0.0.2", Assert.Single(subset.NotReadyAddresses!).Ip);
        Assert.Equal(8080, subset.Ports![0].Port);
    }
}
