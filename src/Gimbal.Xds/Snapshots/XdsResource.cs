using System.Buffers.Binary;
using System.Security.Cryptography;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gimbal.Xds.Snapshots;

/// <summary>
/// One named resource, packed once, with a version that changes exactly when its bytes do. The
/// wire form a response carries it in is encoded once too and shared by every stream that sends it.
/// </summary>
public sealed class XdsResource
{
    private byte[]? _sotwEntry;
    private byte[]? _deltaEntry;

    private XdsResource(string name, Any body, ReadOnlySpan<byte> digest)
    {
        Name = name;
        Body = body;
        Version = Convert.ToHexStringLower(digest);
        EntryHash = Mix(BinaryPrimitives.ReadUInt64BigEndian(digest) ^ NameHash(name));
    }

    /// <summary>The resource's name (cluster, listener, route configuration, ... name).</summary>
    public string Name { get; }

    /// <summary>The resource packed into an Any, as discovery responses carry it.</summary>
    public Any Body { get; }

    /// <summary>A hash of the packed bytes: equal content, equal version, across processes too.</summary>
    public string Version { get; }

    /// <summary>What this name-and-content pair adds to its set's version (see <see cref="XdsResourceSet"/>).</summary>
    internal ulong EntryHash { get; }

    /// <summary>Packs <paramref name="message"/> and versions it by its bytes.</summary>
    public static XdsResource Create(string name, IMessage message)
    {
        var body = Any.Pack(message);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body.Value.Span, digest);
        return new XdsResource(name, body, digest[..sizeof(ulong)]);
    }

    /// <summary>This resource as one <c>resources</c> entry of a DiscoveryResponse, encoded once.</summary>
    internal byte[] SotwEntry => _sotwEntry ??= new DiscoveryResponse { Resources = { Body } }.ToByteArray();

    /// <summary>This resource as one <c>resources</c> entry of a DeltaDiscoveryResponse, encoded once.</summary>
    internal byte[] DeltaEntry => _deltaEntry ??= new DeltaDiscoveryResponse
    {
        Resources = { new Resource { Name = Name, Version = Version, Resource_ = Body } },
    }.ToByteArray();

    // FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.
    private static ulong NameHash(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    // splitmix64's finaliser: spreads every input bit over the whole word before the set sums entries.
    internal static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
