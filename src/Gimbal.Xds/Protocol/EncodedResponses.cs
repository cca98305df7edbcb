using Envoy.Service.Discovery.V3;
using Gimbal.Xds.Grpc;
using Gimbal.Xds.Snapshots;
using Google.Protobuf;

namespace Gimbal.Xds.Protocol;

/// <summary>
/// Discovery responses assembled from bytes: a small per-stream head (version, type, nonce, removals)
/// followed by each resource's shared, once-encoded entry, so fanning a change out to many streams
/// serialises nothing per stream.
/// </summary>
internal static class EncodedResponses
{
    public static Task WriteAsync(IServerStreamWriter<DiscoveryResponse> responses, DiscoveryResponse head, IReadOnlyList<XdsResource> resources, CancellationToken cancellationToken)
    {
        var pieces = new byte[resources.Count + 1][];
        pieces[0] = head.ToByteArray();
        for (var i = 0; i < resources.Count; i++)
        {
            pieces[i + 1] = resources[i].SotwEntry;
        }

        return WriteAsync(responses, pieces, DiscoveryResponse.Parser, cancellationToken);
    }

    public static Task WriteAsync(IServerStreamWriter<DeltaDiscoveryResponse> responses, DeltaDiscoveryResponse head, IReadOnlyList<XdsResource> resources, CancellationToken cancellationToken)
    {
        var pieces = new byte[resources.Count + 1][];
        pieces[0] = head.ToByteArray();
        for (var i = 0; i < resources.Count; i++)
        {
            pieces[i + 1] = resources[i].DeltaEntry;
        }

        return WriteAsync(responses, pieces, DeltaDiscoveryResponse.Parser, cancellationToken);
    }

    private static Task WriteAsync<T>(IServerStreamWriter<T> responses, byte[][] pieces, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        if (responses is IEncodedStreamWriter encoded)
        {
            return encoded.WriteEncodedAsync(pieces, cancellationToken);
        }

        // Another transport (Grpc.AspNetCore, a test double) takes messages: merge the pieces into one.
        var message = parser.ParseFrom(pieces[0]);
        foreach (var piece in pieces.AsSpan(1))
        {
            message.MergeFrom(piece);
        }

        return responses.WriteAsync(message, cancellationToken);
    }
}
