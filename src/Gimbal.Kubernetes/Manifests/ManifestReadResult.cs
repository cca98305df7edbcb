using Gimbal.Core.Compilation;
using Gimbal.Core.Kubernetes;

namespace Gimbal.Kubernetes.Manifests;

/// <summary>The objects read from manifests and the problems met on the way.</summary>
/// <param name="Objects">Every object that could be read, in document order.</param>
/// <param name="Problems">Every problem met; the objects around a problem are still read.</param>
public sealed record ManifestReadResult(IReadOnlyList<KubernetesObject> Objects, IReadOnlyList<ManifestProblem> Problems)
{
    /// <summary>The objects the compiler reads, as a snapshot; other kinds (Namespace, Node) are left out.</summary>
    public ResourceSnapshot ToSnapshot() => SnapshotBuilder.Build(Objects);

    /// <summary>Combines the results of several files, in the order given.</summary>
    public static ManifestReadResult Combine(IEnumerable<ManifestReadResult> results)
    {
        var objects = new List<KubernetesObject>();
        var problems = new List<ManifestProblem>();
        foreach (var r in results)
        {
            objects.AddRange(r.Objects);
            problems.AddRange(r.Problems);
        }

        return new ManifestReadResult(objects, problems);
    }
}
