namespace Gimbal.Core.Tests;

/// <summary>
/// The project's testdata folder in the source tree (golden updates write there). Found by walking up from the
/// test output folder to Gimbal.sln: CI builds map source paths to "/_/", so [CallerFilePath] cannot be used.
/// </summary>
internal static class TestData
{
    public static string Folder { get; } = Path.Combine(FindRoot(), "tests", "Gimbal.Core.Tests", "testdata");

    public static string InputOf(string testCase) => Path.Combine(Folder, testCase, "input.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gimbal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gimbal.sln not found above the test output folder " + AppContext.BaseDirectory);
    }
}
