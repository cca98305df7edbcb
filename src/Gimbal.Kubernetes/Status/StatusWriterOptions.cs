namespace Gimbal.Kubernetes.Status;

/// <summary>How the status writer identifies itself.</summary>
public sealed class StatusWriterOptions
{
    /// <summary>Event source.component and reportingComponent.</summary>
    public string Component { get; set; } = "gimbal";

    /// <summary>Event reportingInstance, e.g. the pod name; defaults to the machine name.</summary>
    public string Instance { get; set; } = Environment.MachineName;

    /// <summary>The class the compiler serves, so proxies of other classes are left alone.</summary>
    public string IngressClassName { get; set; } = "gimbal";
}
