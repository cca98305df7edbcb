namespace Gimbal.Xds.Grpc;

/// <summary>Limits and encodings of the gRPC transport.</summary>
public sealed class GrpcTransportOptions
{
    /// <summary>Largest message accepted from a client (after decompression).</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest message sent; a larger one fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>Gzip responses when the client accepts it (grpc-accept-encoding).</summary>
    public bool CompressResponses { get; set; }
}
