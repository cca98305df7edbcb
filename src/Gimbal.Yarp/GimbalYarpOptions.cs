namespace Gimbal.Yarp;

/// <summary>Options of the in-process YARP data plane.</summary>
public sealed class GimbalYarpOptions
{
    /// <summary>Eject destinations whose requests fail at the transport level, and bring them back after <see cref="PassiveReactivationPeriod"/>.</summary>
    public bool PassiveHealthChecks { get; set; } = true;

    /// <summary>How long a destination ejected by the passive health check stays out before it gets traffic again. Default 30 s.</summary>
    public TimeSpan PassiveReactivationPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an upstream may stay silent mid-request before the request fails.</summary>
    public TimeSpan UpstreamActivityTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The port put into https:// redirects of hosts with TLS (443 is left out of the URL).</summary>
    public int HttpsRedirectPort { get; set; } = 443;

    /// <summary>
    /// Rewrite W3C trace headers of forwarded requests from the gateway's current activity (YARP's
    /// default). Off by default: tracing costs on every request and needs a collector to be useful.
    /// </summary>
    public bool PropagateTraceContext { get; set; }

    /// <summary>What a TLS handshake with an unknown SNI name (or none) gets.</summary>
    public UnknownSniBehavior UnknownSni { get; set; } = UnknownSniBehavior.FallbackCertificate;
}

/// <summary>What a TLS client asking for a host without a certificate gets.</summary>
public enum UnknownSniBehavior
{
    /// <summary>The fallback certificate (set with <see cref="Tls.GimbalCertificateSelector.SetFallback"/>; a handshake failure when none is set).</summary>
    FallbackCertificate,

    /// <summary>A failed handshake.</summary>
    RejectHandshake,
}
