using System.Net.Http.Headers;

namespace Gimbal.Kubernetes.Credentials;

/// <summary>
/// A bearer token read from a file (kubeconfig tokenFile, or the in-cluster service-account token) and
/// re-read whenever the file changes, because the kubelet rotates projected service-account tokens.
/// </summary>
public sealed class TokenFileCredentials(string path) : IKubernetesCredentials
{
    private readonly Lock _gate = new();
    private DateTime _readAt = DateTime.MinValue;
    private long _length = -1;
    private AuthenticationHeaderValue? _header;

    public string Path { get; } = path;

    public async ValueTask<AuthenticationHeaderValue?> GetAuthorizationAsync(CancellationToken cancellationToken)
    {
        var info = new FileInfo(Path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"token file {Path} does not exist", Path);
        }

        lock (_gate)
        {
            if (_header is not null && info.LastWriteTimeUtc == _readAt && info.Length == _length)
            {
                return _header;
            }
        }

        var token = (await File.ReadAllTextAsync(Path, cancellationToken)).Trim();
        var header = new AuthenticationHeaderValue("Bearer", token);
        lock (_gate)
        {
            _header = header;
            _readAt = info.LastWriteTimeUtc;
            _length = info.Length;
        }

        return header;
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _header = null;
        }
    }
}
