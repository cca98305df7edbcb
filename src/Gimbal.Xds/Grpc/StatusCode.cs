namespace Gimbal.Xds.Grpc;

/// <summary>gRPC status codes, numbered as on the wire (the shape of Grpc.Core.StatusCode).</summary>
public enum StatusCode
{
    OK = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

/// <summary>A call's outcome: code and human-readable detail.</summary>
public readonly record struct Status(StatusCode StatusCode, string Detail);

/// <summary>Thrown by a service to end its call with a status other than OK.</summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : base($"Status(StatusCode=\"{status.StatusCode}\", Detail=\"{status.Detail}\")") => Status = status;

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;
}
