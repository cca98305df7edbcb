namespace Gimbal.Hosting.Sources;

/// <summary>Where a host's objects come from (bound from the "Gimbal:Source" section or flags).</summary>
public sealed class GimbalSourceOptions
{
    /// <summary>A folder (or file) of YAML manifests, watched for changes: local mode.</summary>
    public string? Manifests { get; set; }

    /// <summary>Quiet time after a file change before the folder is re-read.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(100);
}
