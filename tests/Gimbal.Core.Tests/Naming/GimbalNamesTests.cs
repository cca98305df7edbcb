using Gimbal.Core.Naming;

namespace Gimbal.Core.Tests.Naming;

public sealed class GimbalNamesTests
{
    // The original Gimbal's own examples (discovery/pkg/translator).
    [Theory]
    [InlineData("cluster1", "service1", "cluster1-service1")]
    [InlineData("cluster1", "the-really-long-kube-service-name-that-is-exactly-63-characters", "cluster1-the-really-long-kube-serv1feeec")]
    [InlineData("a-really-long-cluster-name-that-does-not-really-make-sense-and-is-not-useful-at-all", "service1", "a-really-long-cluster-namfb8867-service1")]
    [InlineData("a-really-long-cluster-name-that-does-not-really-make-sense-and-is-not-useful-at-all", "the-really-long-kube-service-name-that-is-exactly-63-characters", "a-really-long-cluster-namfb8867-the-really-long-kube-serv1feeec")]
    [InlineData("name-that-is-exactly-at-d-limit", "name-that-is-exactly-at-d-limit", "name-that-is-exactly-at-d-limit-name-that-is-exactly-at-d-limit")]
    public void DiscoveredNamesMatchTheOriginal(string backend, string service, string expected) =>
        Assert.Equal(expected, GimbalNames.BuildDiscoveredName(backend, service));

    [Theory]
    [InlineData("test01", "test01")]
    [InlineData("a-really-long-cluster-name-that-does-not-really-make-sense-and-is-not-useful-at-all", "a-really-long-cluster-name-that-does-not-really-make-sensfb8867")]
    [InlineData("a-really-long-service-name-that-does-not-really-make-sense-and-is-not-useful-at-all", "a-really-long-service-name-that-does-not-really-make-sens1c0b9b")]
    public void LabelValuesMatchTheOriginal(string value, string expected) =>
        Assert.Equal(expected, GimbalNames.ShortenLabelValue(value));

    [Fact]
    public void LabelsAreAddedAndReplaced()
    {
        var labels = GimbalLabels.With(
            new Dictionary<string, string> { ["key1"] = "value1", [GimbalLabels.Backend] = "stale" },
            "a-really-long-cluster-name-that-does-not-really-make-sense-and-is-not-useful-at-all",
            "service01");

        Assert.Equal("value1", labels["key1"]);
        Assert.Equal("a-really-long-cluster-name-that-does-not-really-make-sensfb8867", labels[GimbalLabels.Backend]);
        Assert.Equal("service01", labels[GimbalLabels.Service]);
        Assert.Equal("gimbal.projectcontour.io/backend", GimbalLabels.Backend);
        Assert.Equal("gimbal.projectcontour.io/service", GimbalLabels.Service);
    }

    [Fact]
    public void RandomNamesFitAndShortNamesAreKept()
    {
        var random = new Random(20181);
        for (var i = 0; i < 20_000; i++)
        {
            var backend = RandomName(random, random.Next(0, 90));
            var service = RandomName(random, random.Next(0, 90));
            var name = GimbalNames.BuildDiscoveredName(backend, service);
            Assert.True(name.Length <= GimbalNames.MaxLength, name);
            if (backend.Length + service.Length + 1 < GimbalNames.MaxLength)
            {
                Assert.Equal(backend + "-" + service, name);
            }

            var label = GimbalNames.ShortenLabelValue(service);
            Assert.True(label.Length <= GimbalNames.MaxLength);
            if (service.Length < GimbalNames.MaxLength)
            {
                Assert.Equal(service, label);
            }
        }
    }

    [Fact]
    public void DifferentLongNamesStayDifferent()
    {
        var a = GimbalNames.BuildDiscoveredName("backend", new string('x', 80) + "a");
        var b = GimbalNames.BuildDiscoveredName("backend", new string('x', 80) + "b");
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("cluster1", true)]
    [InlineData("a", true)]
    [InlineData("us-east-1", true)]
    [InlineData("", false)]
    [InlineData("1cluster", false)]
    [InlineData("Cluster", false)]
    [InlineData("cluster-", false)]
    [InlineData("clu_ster", false)]
    [InlineData("clüster", false)]
    public void BackendNamesAreValidated(string name, bool valid)
    {
        Assert.Equal(valid, GimbalNames.IsValidBackendName(name, out var message));
        Assert.Equal(valid, message.Length == 0);
        if (!valid && name.Length > 0)
        {
            Assert.Contains(name, message, StringComparison.Ordinal);
        }
    }

    private static string RandomName(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
