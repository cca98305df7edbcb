using System.Reflection;

namespace Gimbal.Xds.Tests;

/// <summary>Source folders the tests read and write, recorded at build time.</summary>
internal static class TestPaths
{
    public static string NodeClientDir => Metadata("NodeClientDir");

    public static string GoldenDir => Metadata("GoldenDir");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
