namespace Gimbal.Gateway.Demo;

/// <summary>Finds samples/quickstart: the repository's copy (so edits show up live), else the one shipped with the program.</summary>
internal static class QuickstartFolder
{
    private const string Relative = "samples/quickstart";

    public static string Locate()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, Relative);
    }
}
