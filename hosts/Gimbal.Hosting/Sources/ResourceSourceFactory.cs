using Gimbal.Kubernetes.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gimbal.Hosting.Sources;

/// <summary>
/// Turns the source options into an <see cref="IResourceSource"/>. Only the manifest folder exists
/// for now: the live-cluster source arrives with the Kubernetes client.
/// </summary>
public sealed class ResourceSourceFactory(IOptions<GimbalSourceOptions> options, ILoggerFactory loggers)
{
    public IResourceSource Create()
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Manifests))
        {
            throw new InvalidOperationException("No source: give a folder of manifests (--manifests DIR).");
        }

        return new ManifestFolderSource(settings.Manifests, loggers.CreateLogger<ManifestFolderSource>(), settings.Debounce);
    }
}
