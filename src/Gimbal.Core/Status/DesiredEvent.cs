using System.Security.Cryptography;
using System.Text;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Status;

/// <summary>
/// A Kubernetes Event an object should carry for one diagnostic. <see cref="Name"/> depends only on
/// the object and the diagnostic, so the same problem is one Event however often it is computed,
/// by however many replicas, across restarts.
/// </summary>
/// <param name="Object">The object the Event is about.</param>
/// <param name="ApiVersion">The object's apiVersion, for the Event's involvedObject.</param>
/// <param name="Uid">The object's uid, so an Event never attaches to a re-created namesake; null when unknown.</param>
/// <param name="Type">"Warning" or "Normal".</param>
/// <param name="Reason">The diagnostic code, e.g. "ServiceNotFound".</param>
/// <param name="Message">The diagnostic's field and message.</param>
public sealed record DesiredEvent(ObjectRef Object, string ApiVersion, string? Uid, string Type, string Reason, string Message)
{
    private const int MaxNamePrefix = 200;

    /// <summary>"&lt;object name&gt;.gimbal-&lt;12 hex digits&gt;": a hash of the object, uid, reason and message, so equal problems get equal names.</summary>
    public string Name
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Object.Kind, Object.Namespace, Object.Name, Uid, Reason, Message)));
            var prefix = Object.Name.Length > MaxNamePrefix ? Object.Name[..MaxNamePrefix] : Object.Name;
            return $"{prefix}.gimbal-{Convert.ToHexStringLower(hash.AsSpan(0, 6))}";
        }
    }
}
