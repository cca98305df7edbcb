using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Gimbal.Kubernetes.Configuration;

/// <summary>
/// Reads kubeconfig files and merges several by kubectl's rules: files are read in order, the first file
/// to name a cluster, user or context wins for that name, and the first file that sets current-context wins.
/// Files in the list that do not exist are skipped; relative paths in a file are relative to that file.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>KUBECONFIG (':'-separated) if set, else ~/.kube/config.</summary>
    public static IReadOnlyList<string> DefaultPaths(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var variable = environment("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [Path.Combine(home, ".kube", "config")];
    }

    /// <summary>
    /// Reads and merges <paramref name="paths"/> in order (see <see cref="DefaultPaths"/>); throws <see cref="KubeconfigException"/>
    /// when a file is malformed or a single explicitly named file does not exist.
    /// </summary>
    /// <param name="paths">The kubeconfig files, highest precedence first.</param>
    public static Kubeconfig Load(IReadOnlyList<string> paths)
    {
        var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
        var merged = new Kubeconfig();
        var read = 0;
        foreach (var raw in paths)
        {
            var path = Path.GetFullPath(raw);
            if (!File.Exists(path))
            {
                // kubectl skips missing files of a KUBECONFIG list; only a single explicit file must exist.
                if (paths.Count == 1)
                {
                    throw new KubeconfigException($"kubeconfig {path}: file does not exist");
                }

                continue;
            }

            KubeconfigDocument? document;
            try
            {
                document = deserializer.Deserialize<KubeconfigDocument>(File.ReadAllText(path));
            }
            catch (YamlException e)
            {
                throw new KubeconfigException($"kubeconfig {path}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
            }

            read++;
            if (document is not null)
            {
                merged.Merge(document, path);
            }
        }

        if (read == 0)
        {
            throw new KubeconfigException($"no kubeconfig found (looked at {string.Join(", ", paths)})");
        }

        return merged;
    }
}
