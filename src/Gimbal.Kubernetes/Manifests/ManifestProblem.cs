namespace Gimbal.Kubernetes.Manifests;

/// <summary>
/// Something in a manifest that could not be used: a YAML error, an unknown kind, a field of the
/// wrong type. Names the source, the document, and the object when it is known.
/// </summary>
/// <param name="Source">The file name, or "&lt;input&gt;" for text without one.</param>
/// <param name="Document">The 1-based YAML document within the source; 0 when the whole source failed to parse.</param>
/// <param name="Kind">The object's kind, when known.</param>
/// <param name="Name">The object's name, when known.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ManifestProblem(string Source, int Document, string? Kind, string? Name, string Message)
{
    /// <summary>"source (document n) Kind name: message", for logs and command-line output.</summary>
    public override string ToString()
    {
        var what = Kind is null ? string.Empty : Name is null ? $" {Kind}" : $" {Kind} {Name}";
        return $"{Source} (document {Document}){what}: {Message}";
    }
}
