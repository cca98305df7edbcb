namespace Gimbal.Hosting.Status;

/// <summary>
/// The address published in <c>status.loadBalancer.ingress</c> of the Ingresses a host serves, as
/// Contour's <c>--ingress-status-address</c> (bound from the "Gimbal:IngressStatus" section or a flag).
/// </summary>
public sealed class IngressStatusOptions
{
    /// <summary>An IP address (written as <c>ip</c>) or a hostname (written as <c>hostname</c>); unset leaves Ingress status alone.</summary>
    public string? Address { get; set; }
}
