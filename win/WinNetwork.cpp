#include "WinNetwork.h"

#include "WinErrors.h"

#include <QHostAddress>

#include <winsock2.h>
#include <ws2tcpip.h>

#include <iphlpapi.h>
#include <netioapi.h>

#include <vector>

namespace gk::platform::winos {
namespace {

QString addressText(const SOCKADDR *address)
{
    if (!address)
        return {};
    QHostAddress host(reinterpret_cast<const sockaddr *>(address));
    return host.toString();
}

// The adapter list, grown until it fits (the documented 15 KB first try).
Result<std::vector<char>> adapters(ULONG flags)
{
    std::vector<char> buffer(15000);
    for (int attempt = 0; attempt < 4; ++attempt) {
        ULONG size = ULONG(buffer.size());
        const ULONG rc =
            GetAdaptersAddresses(AF_UNSPEC, flags, nullptr,
                                 reinterpret_cast<IP_ADAPTER_ADDRESSES *>(buffer.data()), &size);
        if (rc == ERROR_SUCCESS)
            return Result<std::vector<char>>::success(std::move(buffer));
        if (rc == ERROR_NO_DATA)
            return Result<std::vector<char>>::success({});
        if (rc != ERROR_BUFFER_OVERFLOW)
            return Result<std::vector<char>>::failure(
                winError(rc, QStringLiteral("cannot read the network adapters")));
        buffer.resize(size);
    }
    return Result<std::vector<char>>::failure(
        winError(ERROR_BUFFER_OVERFLOW, QStringLiteral("cannot read the network adapters")));
}

const IP_ADAPTER_ADDRESSES *first(const std::vector<char> &buffer)
{
    return buffer.empty() ? nullptr : reinterpret_cast<const IP_ADAPTER_ADDRESSES *>(buffer.data());
}

QString macOf(const IP_ADAPTER_ADDRESSES *a)
{
    if (a->PhysicalAddressLength == 0)
        return {};
    QStringList bytes;
    for (ULONG i = 0; i < a->PhysicalAddressLength; ++i)
        bytes.append(QStringLiteral("%1").arg(a->PhysicalAddress[i], 2, 16, QLatin1Char('0')));
    return bytes.join(QLatin1Char(':'));
}

} // namespace

Result<QList<NetworkInterface>> readInterfaces()
{
    const auto list =
        adapters(GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_INCLUDE_GATEWAYS);
    if (!list.ok())
        return Result<QList<NetworkInterface>>::failure(list.error);
    QList<NetworkInterface> out;
    for (auto *a = first(list.value); a; a = a->Next) {
        if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
            continue;
        NetworkInterface nic;
        nic.name = QString::fromWCharArray(a->FriendlyName);
        nic.macAddress = macOf(a);
        nic.up = a->OperStatus == IfOperStatusUp;
        for (auto *u = a->FirstUnicastAddress; u; u = u->Next) {
            IpAddress ip;
            ip.address = addressText(u->Address.lpSockaddr);
            ip.prefixLength = u->OnLinkPrefixLength;
            ip.ipv6 = u->Address.lpSockaddr->sa_family == AF_INET6;
            nic.addresses.append(ip);
        }
        out.append(nic);
    }
    return Result<QList<NetworkInterface>>::success(out);
}

Result<DnsConfig> readDnsConfig()
{
    const auto list =
        adapters(GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_UNICAST);
    if (!list.ok())
        return Result<DnsConfig>::failure(list.error);
    DnsConfig dns;
    for (auto *a = first(list.value); a; a = a->Next) {
        if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
            continue;
        for (auto *s = a->FirstDnsServerAddress; s; s = s->Next) {
            const QString text = addressText(s->Address.lpSockaddr);
            if (!text.isEmpty() && !dns.servers.contains(text))
                dns.servers.append(text);
        }
        const QString suffix = QString::fromWCharArray(a->DnsSuffix);
        if (!suffix.isEmpty() && !dns.searchDomains.contains(suffix))
            dns.searchDomains.append(suffix);
    }
    wchar_t name[256];
    DWORD size = 256;
    if (GetComputerNameExW(ComputerNameDnsHostname, name, &size))
        dns.hostName = QString::fromWCharArray(name, int(size));
    size = 256;
    if (GetComputerNameExW(ComputerNameDnsDomain, name, &size))
        dns.domainName = QString::fromWCharArray(name, int(size));
    return Result<DnsConfig>::success(dns);
}

Result<QList<Route>> readRoutes()
{
    QList<Route> v4, v6;
    PMIB_IPFORWARD_TABLE2 table = nullptr;
    const DWORD rc = GetIpForwardTable2(AF_UNSPEC, &table);
    if (rc != NO_ERROR)
        return Result<QList<Route>>::failure(
            winError(rc, QStringLiteral("cannot read the routing table")));
    for (ULONG i = 0; i < table->NumEntries; ++i) {
        const MIB_IPFORWARD_ROW2 &row = table->Table[i];
        Route r;
        r.ipv6 = row.DestinationPrefix.Prefix.si_family == AF_INET6;
        r.destination =
            addressText(reinterpret_cast<const SOCKADDR *>(&row.DestinationPrefix.Prefix));
        r.prefixLength = row.DestinationPrefix.PrefixLength;
        const QString gateway = addressText(reinterpret_cast<const SOCKADDR *>(&row.NextHop));
        if (gateway != QLatin1String("0.0.0.0") && gateway != QLatin1String("::"))
            r.gateway = gateway;
        wchar_t alias[IF_MAX_STRING_SIZE + 1];
        if (ConvertInterfaceLuidToAlias(&row.InterfaceLuid, alias, IF_MAX_STRING_SIZE + 1) ==
            NO_ERROR)
            r.interfaceName = QString::fromWCharArray(alias);
        r.metric = row.Metric;
        (r.ipv6 ? v6 : v4).append(r);
    }
    FreeMibTable(table);
    return Result<QList<Route>>::success(v4 + v6);
}

} // namespace gk::platform::winos
