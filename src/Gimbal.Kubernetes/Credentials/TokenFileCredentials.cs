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

    /// <summary>The token file, read again whenever its size or modification time changes.</summary>
    public string Path { get; } = path;

    /// <summary>
    /// "Bearer" with the file's trimmed content, re-read when the file changed since the last read or after <see cref="Invalidate"/>.
    /// Thread-safe. Throws <see cref="FileNotFoundException"/> when the file is missing.
    /// </summary>
    /// <param name="cancellationToken">Cancels reading the file.</param>
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

    /// <summary>Forgets the cached token so the next request reads the file again (called after a 401).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _header = null;
        }
    }
}
