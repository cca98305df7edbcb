using Gimbal.Discovery.Mirroring;
using Gimbal.Discovery.OpenStack.Mapping;

namespace Gimbal.Discovery.OpenStack;

/// <summary>One read of OpenStack: what to mirror, what was left out and why, and which API calls failed.</summary>
public sealed record OpenStackReadResult(MirrorSet MirrorSet, MappingResult Mapping, IReadOnlyList<OpenStackReadError> Errors);

/// <summary>A failed read: the error type (the errortype metric label), the project it concerned, if any, and why.</summary>
public sealed record OpenStackReadError(string ErrorType, string? Project, string Message);
