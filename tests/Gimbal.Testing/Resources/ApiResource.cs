namespace Gimbal.Testing.Resources;

/// <summary>One resource type the test API server serves, as discovery describes it.</summary>
public sealed record ApiResource(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    bool HasStatus = true,
    bool HasGeneration = false)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"services" or "ingresses.networking.k8s.io", as error messages name the resource.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"Service" or "Ingress.networking.k8s.io", as Invalid messages name the kind.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string StoreKey => $"{GroupVersion}/{Plural}";

    /// <summary>A custom resource as a CRD with the status subresource serves it: generation counted, status apart.</summary>
    public static ApiResource Custom(string group, string version, string plural, string kind, bool namespaced = true) =>
        new(group, version, plural, kind, namespaced, [], HasStatus: true, HasGeneration: true);
}
