namespace Gimbal.Discovery.Mirroring;

/// <summary>Why a call to the Gimbal cluster failed, in the terms the engine acts on.</summary>
public enum MirrorTargetError
{
    /// <summary>Anything else: network, 5xx, throttling. Retried.</summary>
    Unavailable,

    /// <summary>The object does not exist (404 on replace or get).</summary>
    NotFound,

    /// <summary>An object of that name already exists (409 AlreadyExists on create).</summary>
    AlreadyExists,

    /// <summary>The resourceVersion was stale (409 Conflict on replace).</summary>
    Conflict,

    /// <summary>The namespace does not exist.</summary>
    NamespaceNotFound,

    /// <summary>The server refused the object (400, 422): retried, as a later upstream change may fix it.</summary>
    Invalid,
}

/// <summary>A failed call to the Gimbal cluster.</summary>
public sealed class MirrorTargetException(MirrorTargetError error, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Why the call failed; decides whether the engine retries, re-reads or creates the namespace.</summary>
    public MirrorTargetError Error { get; } = error;
}
