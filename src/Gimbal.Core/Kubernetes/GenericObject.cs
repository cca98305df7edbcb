namespace Gimbal.Core.Kubernetes;

/// <summary>
/// An object of any kind, custom resources included: apiVersion, kind and metadata are typed,
/// everything else (spec, status, ...) stays as raw JSON in <see cref="KubernetesModel.AdditionalProperties"/>.
/// </summary>
public sealed record GenericObject : KubernetesObject;
