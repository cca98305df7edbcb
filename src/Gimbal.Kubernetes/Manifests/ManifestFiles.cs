namespace Gimbal.Kubernetes.Manifests;

/// <summary>Reads manifests from files and folders (*.yaml, *.yml, *.json; folders recursively, in name order).</summary>
public static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>True for a *.yaml, *.yml or *.json file (any case) whose name does not start with a dot (editor and hidden files).</summary>
    /// <param name="path">A file path; only its name is looked at.</param>
    public static bool IsManifest(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)
        && !Path.GetFileName(path).StartsWith('.');

    /// <summary>The manifest files a path names: itself, or every manifest under a folder.</summary>
    public static IReadOnlyList<string> Expand(string path)
    {
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(IsManifest)
                .Select(Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToList();
        }

        throw new FileNotFoundException($"no manifest file or folder at '{path}'", path);
    }

    /// <summary>
    /// Reads every manifest the paths name (files, or folders recursively), each file once, into one result; problems
    /// in a file never stop the others. Throws <see cref="FileNotFoundException"/> when a path names nothing.
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<ManifestReadResult> ReadAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        var results = new List<ManifestReadResult>();
        foreach (var file in paths.SelectMany(Expand).Distinct(StringComparer.Ordinal))
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            results.Add(ManifestReader.Read(text, file));
        }

        return ManifestReadResult.Combine(results);
    }
}
