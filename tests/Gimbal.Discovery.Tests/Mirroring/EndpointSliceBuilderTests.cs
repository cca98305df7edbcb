using Gimbal.Core.Kubernetes;
using Gimbal.Discovery.Mirroring;

namespace Gimbal.Discovery.Tests.Mirroring;

public sealed class EndpointSliceBuilderTests
{
    [Fact]
    public void One_slice_per_subset_and_family_with_ready_and_not_ready_endpoints()
    {
        var endpoints = new Endpoints
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "east-web", Labels = new Dictionary<string, string> { ["app"] = "web", [MirrorLabels.SkipMirror] = "true" } },
            Subsets =
            [
                new EndpointSubset
                {
                    Addresses = [new EndpointAddress { Ip = "10.0.0.1" }, new EndpointAddress { Ip = "fd00::1" }],
                    NotReadyAddresses = [new EndpointAddress { Ip = "10.0.0.2", Hostname = "pod-2" }],
                    Ports = [new EndpointPort { Name = "http", Port = 8080 }],
                },
                new EndpointSubset { Addresses = [new EndpointAddress { Ip = "10.0.1.1" }], Ports = [new EndpointPort { Name = "grpc", Port = 9090, Protocol = "TCP" }] },
            ],
        };

        var slices = EndpointSliceBuilder.Build(endpoints).ToDictionary(s => s.Metadata.Name!);

        Assert.Equal(["east-web-0", "east-web-1", "east-web-v6-0"], slices.Keys.Order(StringComparer.Ordinal));
        var first = slices["east-web-0"];
        Assert.Equal("IPv4", first.AddressType);
        Assert.Equal("east-web", first.Metadata.Labels![MirrorLabels.ServiceName]);
        Assert.Equal(MirrorLabels.ManagedByGimbal, first.Metadata.Labels[MirrorLabels.ManagedBy]);
        Assert.False(first.Metadata.Labels.ContainsKey(MirrorLabels.SkipMirror));
        Assert.Equal([("10.0.0.1", true), ("10.0.0.2", false)], first.Endpoints!.Select(e => (e.Addresses![0], e.Conditions!.Ready!.Value)));
        Assert.Equal("pod-2", first.Endpoints![1].Hostname);
        Assert.Equal("TCP", first.Ports![0].Protocol);
        Assert.Equal("IPv6", slices["east-web-v6-0"].AddressType);
        Assert.Equal(9090, slices["east-web-1"].Ports![0].Port);
    }

    [Fact]
    public void Large_subsets_are_split_at_a_thousand_endpoints()
    {
        var endpoints = new Endpoints
        {
            Metadata = new ObjectMeta { Namespace = "team-a", Name = "big" },
            Subsets = [new EndpointSubset { Addresses = Enumerable.Range(0, 2500).Select(i => new EndpointAddress { Ip = $"10.{i / 250}.{i % 250}.1" }).ToList(), Ports = [new EndpointPort { Port = 80 }] }],
        };

        var slices = EndpointSliceBuilder.Build(endpoints);

        Assert.Equal(["big-0", "big-0-1", "big-0-2"], slices.Select(s => s.Metadata.Name!));
        Assert.Equal([1000, 1000, 500], slices.Select(s => s.Endpoints!.Count));
    }

    [Fact]
    public void Fingerprints_ignore_order_and_server_defaults()
    {
        var written = new Service
        {
            Metadata = new ObjectMeta { Name = "east-web", Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } },
            Spec = new ServiceSpec { ClusterIP = "None", Ports = [new ServicePort { Name = "http", Port = 80 }] },
        };
        var stored = written with
        {
            Metadata = written.Metadata with { Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, ResourceVersion = "42" },
            Spec = written.Spec with { Type = "ClusterIP", Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = 80, Protocol = "TCP" }] },
        };

        Assert.Equal(MirrorFingerprint.Of(written), MirrorFingerprint.Of(stored));
        Assert.NotEqual(MirrorFingerprint.Of(written), MirrorFingerprint.Of(stored with { Spec = stored.Spec with { Ports = [new ServicePort { Name = "http", Port = 81 }] } }));
    }
}
