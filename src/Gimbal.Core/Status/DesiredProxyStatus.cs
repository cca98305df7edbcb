using Gimbal.Core.Kubernetes.Contour;

namespace Gimbal.Core.Status;

/// <summary>
/// The status an HTTPProxy should carry after a compile. <see cref="DetailedCondition.LastTransitionTime"/>
/// is left null: computing status is pure, the writer stamps transitions against the current status.
/// </summary>
public sealed record DesiredProxyStatus(string Namespace, string Name, long? Generation, HttpProxyStatus Status);
