using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.OpenStack.Mapping;

namespace Gimbal.Discovery.OpenStack;

/// <summary>One read of OpenStack: what to mirror, what was left out and why, and which API calls failed.</summary>
/// <param name="MirrorSet">What the mirroring engine should make the Gimbal cluster match.</param>
/// <param name="Mapping">The mapping's services, diagnostics and totals.</param>
/// <param name="Errors">The API calls that failed.</param>
public sealed record OpenStackReadResult(MirrorSet MirrorSet, MappingResult Mapping, IReadOnlyList<OpenStackReadError> Errors);

/// <summary>A failed read: the error type (the errortype metric label), the project it concerned, if any, and why.</summary>
/// <param name="ErrorType">One of the <see cref="OpenStackMetrics"/> Error* constants.</param>
/// <param name="Project">The project concerned; null for cloud-wide calls (authentication, project list).</param>
/// <param name="Message">Why it failed.</param>
public sealed record OpenStackReadError(string ErrorType, string? Project, string Message);
