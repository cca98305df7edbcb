using System.Security.Cryptography;
using System.Text;
using Gimbal.Core.Diagnostics;

namespace Gimbal.Core.Status;

/// <summary>
/// A Kubernetes Event an object should carry for one diagnostic. <see cref="Name"/> depends only on
/// the object and the diagnostic, so the same problem is one Event however often it is computed,
/// by however many replicas, across restarts.
/// </summary>
public sealed record DesiredEvent(ObjectRef Object, string ApiVersion, string? Uid, string Type, string Reason, string Message)
{
    private const int MaxNamePrefix = 200;

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
