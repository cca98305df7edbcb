namespace Gimbal.Discovery.OpenStack.Identity;

/// <summary>
/// Holds the current token and renews it before it expires and after a service rejected it, so a discoverer
/// keeps syncing for as long as it runs. One authentication at a time: concurrent callers share its result.
/// </summary>
public sealed class KeystoneSession : IDisposable
{
    private readonly KeystoneAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeystoneToken? _current;

    /// <summary>A session with no token yet; the first <see cref="GetTokenAsync"/> authenticates.</summary>
    /// <param name="authenticator">Issues new tokens.</param>
    /// <param name="time">Decides when a token is near expiry.</param>
    public KeystoneSession(KeystoneAuthenticator authenticator, TimeProvider time)
    {
        _authenticator = authenticator;
        _time = time;
    }

    /// <summary>The token in use, if any (for health and diagnostics).</summary>
    public KeystoneToken? Current => Volatile.Read(ref _current);

    /// <summary>A token that is not near expiry: the cached one, or a new one.</summary>
    public async Task<KeystoneToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = Current;
        if (token is not null && !token.NeedsRenewal(_time.GetUtcNow()))
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            token = Current;
            if (token is not null && !token.NeedsRenewal(_time.GetUtcNow()))
            {
                return token;
            }

            token = await _authenticator.AuthenticateAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets <paramref name="rejected"/> after a service answered 401 to it (revoked, or expired early);
    /// a token already replaced by another caller stays.
    /// </summary>
    public void Invalidate(KeystoneToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    /// <summary>Releases the authentication lock.</summary>
    public void Dispose() => _gate.Dispose();
}
