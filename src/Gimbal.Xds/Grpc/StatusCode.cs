namespace Gimbal.Xds.Grpc;

/// <summary>gRPC status codes, numbered as on the wire (the shape of Grpc.Core.StatusCode).</summary>
public enum StatusCode
{
    /// <summary>Success.</summary>
    OK = 0,
    /// <summary>The call was cancelled, usually by the caller.</summary>
    Cancelled = 1,
    /// <summary>An error with no better code, e.g. an unexpected exception in the service.</summary>
    Unknown = 2,
    /// <summary>The client sent something invalid, whatever the server's state.</summary>
    InvalidArgument = 3,
    /// <summary>The deadline (grpc-timeout) passed before the call completed.</summary>
    DeadlineExceeded = 4,
    /// <summary>A requested entity was not found.</summary>
    NotFound = 5,
    /// <summary>The entity a client tried to create already exists.</summary>
    AlreadyExists = 6,
    /// <summary>The caller is identified but may not do this.</summary>
    PermissionDenied = 7,
    /// <summary>A resource ran out, e.g. a message larger than the receive limit.</summary>
    ResourceExhausted = 8,
    /// <summary>The system is not in the state the operation needs.</summary>
    FailedPrecondition = 9,
    /// <summary>The operation was aborted, e.g. by a concurrency conflict.</summary>
    Aborted = 10,
    /// <summary>The operation went past a valid range.</summary>
    OutOfRange = 11,
    /// <summary>The method is not served here.</summary>
    Unimplemented = 12,
    /// <summary>An invariant of the server broke.</summary>
    Internal = 13,
    /// <summary>The service is unavailable for now (e.g. shutting down); retrying may work.</summary>
    Unavailable = 14,
    /// <summary>Unrecoverable data loss or corruption.</summary>
    DataLoss = 15,
    /// <summary>The caller has no valid credentials.</summary>
    Unauthenticated = 16,
}

/// <summary>A call's outcome: code and human-readable detail.</summary>
/// <param name="StatusCode">The code sent as grpc-status.</param>
/// <param name="Detail">The message sent as grpc-message; empty for none.</param>
public readonly record struct Status(StatusCode StatusCode, string Detail);

/// <summary>Thrown by a service to end its call with a status other than OK.</summary>
public sealed class RpcException : Exception
{
    /// <summary>An exception that ends the call with <paramref name="status"/>.</summary>
    /// <param name="status">The code and detail sent to the client in the trailers.</param>
    public RpcException(Status status)
        : base($"Status(StatusCode=\"{status.StatusCode}\", Detail=\"{status.Detail}\")") => Status = status;

    /// <summary>The status the call ends with.</summary>
    public Status Status { get; }

    /// <summary>The status code the call ends with.</summary>
    public StatusCode StatusCode => Status.StatusCode;
}
