namespace Gimbal.Kubernetes.Manifests;

/// <summary>
/// Something in a manifest that could not be used: a YAML error, an unknown kind, a field of the
/// wrong type. Names the source, the document, and the object when it is known.
/// </summary>
public sealed record ManifestProblem(string Source, int Document, string? Kind, string? Name, string Message)
{
    public override string ToString()
    {
        var what = Kind is null ? string.Empty : Name is null ? $" {Kind}" : $" {Kind} {Name}";
        return $"{Source} (document {Document}){what}: {Message}";
    }
}
