using System.Text.Json.Nodes;
using System.Threading.Channels;
using Gimbal.Testing.Resources;
using Gimbal.Testing.Selectors;

namespace Gimbal.Testing.Storage;

/// <summary>One change in the store's history of a resource type.</summary>
internal sealed record ChangeRecord(long ResourceVersion, string Type, StoredObject Object, StoredObject? Previous);

/// <summary>One line of a watch stream, ready to be written.</summary>
internal sealed record WatchLine(string Type, byte[] Object);

/// <summary>What one watch sees: the changes of one resource type that match its namespace and selectors.</summary>
internal sealed class WatchSubscription
{
    private readonly Channel<WatchLine> _lines = Channel.CreateUnbounded<WatchLine>(new UnboundedChannelOptions { SingleReader = true });

    public WatchSubscription(ApiResource resource, string? ns, LabelSelector labels, FieldSelector fields)
    {
        Resource = resource;
        Namespace = ns;
        Labels = labels;
        Fields = fields;
    }

    public ApiResource Resource { get; }

    /// <summary>Only changes after this resourceVersion are sent (a watch from the future stays silent until then).</summary>
    public long From { get; set; }
    public string? Namespace { get; }
    public LabelSelector Labels { get; }
    public FieldSelector Fields { get; }

    /// <summary>Set when a test closes every watch abruptly; the stream then aborts its connection.</summary>
    public bool Aborted { get; private set; }

    public ChannelReader<WatchLine> Lines => _lines.Reader;

    public bool Matches(StoredObject obj) =>
        (Namespace is null || obj.Namespace == Namespace) && Labels.Matches(obj.Labels) && Fields.Matches(obj.Field);

    public void Send(string type, StoredObject obj) => _lines.Writer.TryWrite(new WatchLine(type, obj.FullJson()));

    /// <summary>Maps a change onto this watch's view: objects moving into or out of the selection come as ADDED or DELETED.</summary>
    public void Deliver(ChangeRecord change)
    {
        if (change.ResourceVersion <= From)
        {
            return;
        }

        var now = Matches(change.Object);
        var before = change.Previous is not null && Matches(change.Previous);
        switch (change.Type)
        {
            case "ADDED" when now:
                Send("ADDED", change.Object);
                break;
            case "MODIFIED" when now && before:
                Send("MODIFIED", change.Object);
                break;
            case "MODIFIED" when now:
                Send("ADDED", change.Object);
                break;
            case "MODIFIED" when before:
                Send("DELETED", WithResourceVersion(change.Previous!, change.ResourceVersion));
                break;
            case "DELETED" when now:
                Send("DELETED", change.Object);
                break;
        }
    }

    public void Close(bool abort)
    {
        Aborted = abort;
        _lines.Writer.TryComplete();
    }

    private static StoredObject WithResourceVersion(StoredObject obj, long rv)
    {
        var node = obj.ToNode();
        ((JsonObject)node["metadata"]!)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ObjectCodec.Encode(obj.Resource, node);
    }
}
