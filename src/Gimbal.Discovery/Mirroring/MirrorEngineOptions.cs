using System.ComponentModel.DataAnnotations;

namespace Gimbal.Discovery.Mirroring;

/// <summary>How the mirroring engine works for one backend.</summary>
public sealed class MirrorEngineOptions
{
    /// <summary>The backend (gimbal.projectcontour.io/backend) whose objects this engine owns.</summary>
    [Required]
    public string BackendName { get; set; } = string.Empty;

    /// <summary>"kubernetes" or "openstack": the backendtype metric label.</summary>
    [Required]
    public string BackendType { get; set; } = "kubernetes";

    /// <summary>Workers taking keys off the queue (--num-threads).</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 2;

    /// <summary>Create a missing namespace instead of waiting for someone else to (--create-namespaces).</summary>
    public bool CreateNamespaces { get; set; }

    /// <summary>Which endpoint objects to write next to each mirrored Service (--endpoints-kind); both by default.</summary>
    public EndpointsKind EndpointsKind { get; set; } = EndpointsKind.Both;

    /// <summary>First retry delay of a failed key; doubled on each failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay; a key keeps being retried at this pace until it succeeds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);
}
