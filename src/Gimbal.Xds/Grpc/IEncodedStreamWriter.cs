namespace Gimbal.Xds.Grpc;

/// <summary>
/// Implemented by stream writers that can send a message a service has already encoded, as
/// consecutive pieces of its protobuf bytes (concatenated protobuf encodings merge into one message).
/// Lets xDS share one encoding of a resource across every stream instead of serialising per stream;
/// writers without it get the parsed message instead.
/// </summary>
internal interface IEncodedStreamWriter
{
    Task WriteEncodedAsync(IReadOnlyList<byte[]> pieces, CancellationToken cancellationToken);
}
