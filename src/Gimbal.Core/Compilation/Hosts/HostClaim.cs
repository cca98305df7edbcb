namespace Gimbal.Core.Compilation.Hosts;

/// <summary>An Ingress asking to add routes to a host; <paramref name="Field"/> is where it says so.</summary>
internal sealed record HostClaim(string Host, IngressEntry Entry, FieldPath Field);
