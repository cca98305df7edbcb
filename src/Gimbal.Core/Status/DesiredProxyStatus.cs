using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Status;

/// <summary>
/// The status an HTTPProxy should carry after a compile. <see cref="DetailedCondition.LastTransitionTime"/>
/// is left null: computing status is pure, the writer stamps transitions against the current status.
/// </summary>
/// <param name="Namespace">The proxy's namespace.</param>
/// <param name="Name">The proxy's name.</param>
/// <param name="Generation">The metadata.generation the status was computed from (it becomes the condition's observedGeneration).</param>
/// <param name="Status">The status to write.</param>
public sealed record DesiredProxyStatus(string Namespace, string Name, long? Generation, HttpProxyStatus Status);
