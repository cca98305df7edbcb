using Gimbal.Core.Kubernetes;

namespace Gimbal.Core.Compilation.Classes;

/// <summary>
/// Decides which Ingresses Gimbal serves. The kubernetes.io/ingress.class annotation wins over
/// spec.ingressClassName (as in Contour); an Ingress with neither belongs to the default
/// IngressClass, or to Gimbal when the cluster marks no class as default.
/// </summary>
internal sealed class IngressClassFilter
{
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    private readonly HashSet<string> _ours;
    private readonly bool _unclassifiedAreOurs;

    public IngressClassFilter(CompilerOptions options, IReadOnlyList<IngressClass> classes)
    {
        _ours = new HashSet<string>(StringComparer.Ordinal) { options.IngressClassName };
        var defaults = new List<string>();
        foreach (var ingressClass in classes)
        {
            if (ingressClass?.Metadata.Name is not { Length: > 0 } name)
            {
                continue;
            }

            if (string.Equals(ingressClass.Spec?.Controller, options.ControllerName, StringComparison.Ordinal))
            {
                _ours.Add(name);
            }

            if (ingressClass.Metadata.Annotations is { } annotations
                && annotations.TryGetValue(IngressClass.IsDefaultClassAnnotation, out var isDefault)
                && string.Equals(isDefault?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                defaults.Add(name);
            }
        }

        // Kubernetes refuses to default when several classes claim it; any one of ours is enough here.
        _unclassifiedAreOurs = defaults.Count == 0 || defaults.Exists(_ours.Contains);
    }

    public bool Accepts(Ingress ingress)
    {
        if (ingress.Metadata.Annotations is { } annotations && annotations.TryGetValue(ClassAnnotation, out var annotated) && annotated is { Length: > 0 })
        {
            return _ours.Contains(annotated.Trim());
        }

        return ingress.Spec?.IngressClassName is { Length: > 0 } className ? _ours.Contains(className) : _unclassifiedAreOurs;
    }
}
