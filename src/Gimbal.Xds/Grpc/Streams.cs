namespace Gimbal.Xds.Grpc;

/// <summary>Incoming messages of a streaming call (the shape of Grpc.Core.IAsyncStreamReader).</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message the last successful <see cref="MoveNext"/> read.</summary>
    T Current { get; }

    /// <summary>Advances to the next message; false when the client half-closed.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Outgoing messages of a streaming call (the shape of Grpc.Core.IServerStreamWriter). Not safe for concurrent writes.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Sends one message; await it before the next. Throws when the call has ended.</summary>
    /// <param name="message">The message to send.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task WriteAsync(T message, CancellationToken cancellationToken);
}

/// <summary>A bidirectional streaming method, as Grpc.Core declares them.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream,
    IServerStreamWriter<TResponse> responseStream,
    ServerCallContext context);
