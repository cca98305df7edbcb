namespace Gimbal.Xds.Grpc;

/// <summary>Incoming messages of a streaming call (the shape of Grpc.Core.IAsyncStreamReader).</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    /// <summary>Advances to the next message; false when the client half-closed.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Outgoing messages of a streaming call (the shape of Grpc.Core.IServerStreamWriter). Not safe for concurrent writes.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken);
}

/// <summary>A bidirectional streaming method, as Grpc.Core declares them.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream,
    IServerStreamWriter<TResponse> responseStream,
    ServerCallContext context);
