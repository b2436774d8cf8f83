/*
 * wfpcert/winsock.h: the one Winsock header that all wfpcert test code, harnesses and
 * sample proxies include.
 *
 * On Windows it is the SDK (winsock2.h, ws2tcpip.h, mswsock.h, mstcpip.h, ws2spi.h) plus
 * only what those headers lack: mingw-w64 10.0 defines none of the three SIO_*_WFP_* codes
 * (SEMANTICS 1.1).  On Linux it declares the same names with the same values and the same
 * x64 layouts, implemented by the model in driver-stub/.  The BSD socket calls that would
 * collide with libc (socket, bind, connect, ...) are renamed to wfp_* by macros, so code
 * written for Windows compiles unchanged while the process keeps its real libc sockets.
 *
 * The compile-time checks at the end pin every value and layout of SEMANTICS A01..A14.
 */
#ifndef WFPCERT_WINSOCK_H
#define WFPCERT_WINSOCK_H

#include <stddef.h> /* offsetof in the layout checks at the end, on both sides */
#include <stdint.h>

#if defined(_WIN32)
/* ------------------------------------------------------------------ Windows: the SDK */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <mstcpip.h>
#include <ws2spi.h>
#include <windows.h>
#include <mmsystem.h> /* timeGetTime and the timer periods (winmm) */
#ifndef SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS
#define SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS _WSAIOW(IOC_VENDOR, 220)
#endif
#ifndef SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT
#define SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT _WSAIOW(IOC_VENDOR, 221)
#endif
#ifndef SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS
#define SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS _WSAIOW(IOC_VENDOR, 222)
#endif
#ifndef SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE
#define SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE _WSAIOR(IOC_VENDOR, 205)
#endif
#ifndef IP_WFP_REDIRECT_RECORDS
#define IP_WFP_REDIRECT_RECORDS 60
#endif
#ifndef IP_WFP_REDIRECT_CONTEXT
#define IP_WFP_REDIRECT_CONTEXT 70
#endif
#ifndef IPV6_WFP_REDIRECT_RECORDS
#define IPV6_WFP_REDIRECT_RECORDS 60
#endif
#ifndef IPV6_WFP_REDIRECT_CONTEXT
#define IPV6_WFP_REDIRECT_CONTEXT 70
#endif
/* Options of Windows 10 1703/1709 ("IPPROTO_TCP socket options") that mingw-w64 10.0 lacks. */
#ifndef TCP_KEEPIDLE
#define TCP_KEEPIDLE 3
#endif
#ifndef TCP_KEEPCNT
#define TCP_KEEPCNT 16
#endif
#ifndef TCP_KEEPINTVL
#define TCP_KEEPINTVL 17
#endif
#ifndef FWP_E_NOT_FOUND
#define FWP_E_NOT_FOUND ((HRESULT)0x80320008L)
#endif
#define WFPCERT_WINSOCK_MODEL 0

#else /* ------------------------------------------------------- Linux: the model */

#include <stddef.h>
#include <stdint.h>

#define WFPCERT_WINSOCK_MODEL 1

/* glibc declares BSD u_char..u_long (64-bit u_long) and socklen_t (unsigned) in these headers.
 * They are included first, so their typedefs are settled, and the Windows types take the
 * same names through macros: x64 Windows has a 32-bit u_long and an int socklen_t. */
#include <sys/types.h>
#include <sys/select.h> /* glibc's fd_set, FD_* and select settled here; Winsock's take the names below */
#include <unistd.h>
#define u_char wfp_u_char
#define u_short wfp_u_short
#define u_int wfp_u_int
#define u_long wfp_u_long
#define socklen_t wfp_socklen_t

#ifdef __cplusplus
extern "C" {
#endif

#define WSAAPI
#define CALLBACK
#define WINAPI

/* Base types: LLP64, as on x64 Windows (long is 32 bits there). */
typedef uint8_t BYTE;
typedef BYTE *LPBYTE, *PBYTE;
typedef uint8_t UCHAR, u_char, BOOLEAN;
typedef uint16_t WORD, USHORT, u_short, ADDRESS_FAMILY;
typedef uint32_t DWORD, ULONG, UINT32, u_long;
typedef int32_t LONG, INT32;
typedef int INT;
typedef unsigned int UINT, u_int;
typedef int BOOL;
typedef char CHAR;
typedef uint16_t WCHAR;
typedef int64_t LONGLONG, INT64;
typedef uint64_t ULONGLONG, UINT64;
typedef uintptr_t ULONG_PTR, DWORD_PTR, UINT_PTR, SIZE_T;
typedef intptr_t LONG_PTR, INT_PTR;
typedef void *PVOID, *LPVOID, *HANDLE;
typedef const void *LPCVOID;
typedef DWORD *LPDWORD, *PDWORD;
typedef INT *LPINT;
typedef ULONG *PULONG;
typedef CHAR *LPSTR, *PCHAR;
typedef const CHAR *LPCSTR;
typedef WCHAR *LPWSTR;
typedef LONG NTSTATUS;
typedef LONG HRESULT;
typedef BOOL *LPBOOL;
typedef unsigned int GROUP;

#define TRUE 1
#define FALSE 0
#ifndef NULL
#define NULL ((void *)0)
#endif
#define INFINITE 0xFFFFFFFFu
#define MAX_PATH 260 /* minwindef.h: a path's characters and its terminator */
#define MAX_NATURAL_ALIGNMENT sizeof(ULONGLONG)
#define TYPE_ALIGNMENT(t) _Alignof(t)
#define FIELD_OFFSET(t, f) ((LONG)offsetof(t, f))
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID, *LPGUID;
typedef const GUID *LPCGUID, *REFGUID;

typedef UINT_PTR SOCKET;
#define INVALID_SOCKET ((SOCKET)(~0))
#define SOCKET_ERROR (-1)
typedef HANDLE WSAEVENT, *LPWSAEVENT;
#define WSA_INVALID_EVENT ((WSAEVENT)NULL)

/* ---------------------------------------------------------------- addresses */
#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 23
#define PF_INET AF_INET
#define PF_INET6 AF_INET6
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define SOL_SOCKET 0xffff
#define SOMAXCONN 0x7fffffff
#define INADDR_ANY ((ULONG)0x00000000)
#define INADDR_LOOPBACK 0x7f000001
#define INADDR_NONE 0xffffffff

struct sockaddr {
    ADDRESS_FAMILY sa_family;
    CHAR sa_data[14];
};
typedef struct sockaddr SOCKADDR, *PSOCKADDR, *LPSOCKADDR;

typedef struct in_addr {
    union {
        struct {
            UCHAR s_b1, s_b2, s_b3, s_b4;
        } S_un_b;
        struct {
            USHORT s_w1, s_w2;
        } S_un_w;
        ULONG S_addr;
    } S_un;
} IN_ADDR, *PIN_ADDR;
#define s_addr S_un.S_addr

/* IP_ADD_MEMBERSHIP's argument and SO_LINGER's (ws2ipdef.h, winsock2.h). */
typedef struct ip_mreq {
    IN_ADDR imr_multiaddr;
    IN_ADDR imr_interface;
} IP_MREQ, *PIP_MREQ;
/* IP_PKTINFO's control message payload (ws2ipdef.h), the one WSASendMsg documents. */
typedef struct in_pktinfo {
    IN_ADDR ipi_addr;
    ULONG ipi_ifindex;
} IN_PKTINFO, *PIN_PKTINFO;
struct linger {
    u_short l_onoff;
    u_short l_linger;
};
typedef struct linger LINGER, *PLINGER, *LPLINGER;

typedef struct in6_addr {
    union {
        UCHAR Byte[16];
        USHORT Word[8];
    } u;
} IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;
#define s6_addr u.Byte
#define s6_bytes u.Byte
#define s6_words u.Word /* in6addr.h: the eight 16-bit groups, as stored (network order) */

struct sockaddr_in {
    ADDRESS_FAMILY sin_family;
    USHORT sin_port;
    IN_ADDR sin_addr;
    CHAR sin_zero[8];
};
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN;

struct sockaddr_in6 {
    ADDRESS_FAMILY sin6_family;
    USHORT sin6_port;
    ULONG sin6_flowinfo;
    IN6_ADDR sin6_addr;
    ULONG sin6_scope_id;
};
typedef struct sockaddr_in6 SOCKADDR_IN6, *PSOCKADDR_IN6;

/* ws2tcpip.h's IPv6 address helpers, by RFC 4291's prefixes (section 2.4: :: unspecified, ::1
 * loopback, ff00::/8 multicast with its scope in the low 4 bits of the second byte
 * (section 2.7: 1 interface-local, 2 link-local, 5 site-local, 8 organization-local, e global),
 * fe80::/10 link-local, fec0::/10 the old site-local, ::ffff:0:0/96 IPv4-mapped, and ::/96
 * IPv4-compatible, which excludes :: and ::1).  in6addr_any and in6addr_loopback are data
 * ws2_32 exports (driver-stub/ws2/in6addr.c). */
#define IN6ADDR_ANY_INIT                                                                                               \
    {                                                                                                                  \
        {                                                                                                              \
            { 0 }                                                                                                      \
        }                                                                                                              \
    }
#define IN6ADDR_LOOPBACK_INIT                                                                                          \
    {                                                                                                                  \
        {                                                                                                              \
            { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }                                                         \
        }                                                                                                              \
    }
extern const IN6_ADDR in6addr_any;
extern const IN6_ADDR in6addr_loopback;
static inline int wfpcert_in6_zero_through(const IN6_ADDR *a, int n) {
    for (int i = 0; i < n; i++)
        if (a->u.Byte[i]) return 0;
    return 1;
}
static inline int IN6_IS_ADDR_UNSPECIFIED(const IN6_ADDR *a) { return wfpcert_in6_zero_through(a, 16); }
static inline int IN6_IS_ADDR_LOOPBACK(const IN6_ADDR *a) {
    return wfpcert_in6_zero_through(a, 15) && a->u.Byte[15] == 1;
}
static inline int IN6_IS_ADDR_MULTICAST(const IN6_ADDR *a) { return a->u.Byte[0] == 0xff; }
static inline int IN6_IS_ADDR_LINKLOCAL(const IN6_ADDR *a) {
    return a->u.Byte[0] == 0xfe && (a->u.Byte[1] & 0xc0) == 0x80;
}
static inline int IN6_IS_ADDR_SITELOCAL(const IN6_ADDR *a) {
    return a->u.Byte[0] == 0xfe && (a->u.Byte[1] & 0xc0) == 0xc0;
}
static inline int IN6_IS_ADDR_V4MAPPED(const IN6_ADDR *a) {
    return wfpcert_in6_zero_through(a, 10) && a->u.Byte[10] == 0xff && a->u.Byte[11] == 0xff;
}
static inline int IN6_IS_ADDR_V4COMPAT(const IN6_ADDR *a) {
    return wfpcert_in6_zero_through(a, 12) && !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a);
}
static inline int wfpcert_in6_mc_scope(const IN6_ADDR *a, int scope) {
    return IN6_IS_ADDR_MULTICAST(a) && (a->u.Byte[1] & 0x0f) == scope;
}
static inline int IN6_IS_ADDR_MC_NODELOCAL(const IN6_ADDR *a) { return wfpcert_in6_mc_scope(a, 1); }
static inline int IN6_IS_ADDR_MC_LINKLOCAL(const IN6_ADDR *a) { return wfpcert_in6_mc_scope(a, 2); }
static inline int IN6_IS_ADDR_MC_SITELOCAL(const IN6_ADDR *a) { return wfpcert_in6_mc_scope(a, 5); }
static inline int IN6_IS_ADDR_MC_ORGLOCAL(const IN6_ADDR *a) { return wfpcert_in6_mc_scope(a, 8); }
static inline int IN6_IS_ADDR_MC_GLOBAL(const IN6_ADDR *a) { return wfpcert_in6_mc_scope(a, 0x0e); }
static inline int IN6_ADDR_EQUAL(const IN6_ADDR *x, const IN6_ADDR *y) {
    for (int i = 0; i < 16; i++)
        if (x->u.Byte[i] != y->u.Byte[i]) return 0;
    return 1;
}
static inline void IN6_SET_ADDR_UNSPECIFIED(IN6_ADDR *a) { *a = in6addr_any; }
static inline void IN6_SET_ADDR_LOOPBACK(IN6_ADDR *a) { *a = in6addr_loopback; }
static inline int IN6ADDR_ISANY(const SOCKADDR_IN6 *a) {
    return a->sin6_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr);
}
static inline int IN6ADDR_ISLOOPBACK(const SOCKADDR_IN6 *a) {
    return a->sin6_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
}
/* family AF_INET6, the address, and port, flow information and scope 0 */
static inline void IN6ADDR_SETANY(SOCKADDR_IN6 *a) {
    *a = (SOCKADDR_IN6){.sin6_family = AF_INET6};
    a->sin6_addr = in6addr_any;
}
static inline void IN6ADDR_SETLOOPBACK(SOCKADDR_IN6 *a) {
    *a = (SOCKADDR_IN6){.sin6_family = AF_INET6};
    a->sin6_addr = in6addr_loopback;
}

typedef struct sockaddr_storage {
    ADDRESS_FAMILY ss_family;
    CHAR __ss_pad1[6];
    LONGLONG __ss_align;
    CHAR __ss_pad2[112];
} SOCKADDR_STORAGE, *PSOCKADDR_STORAGE;

typedef int socklen_t;

/* ------------------------------------------------------------- WSA structures */
#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;
#define MAKEWORD(a, b) ((WORD)(((BYTE)(a)) | ((WORD)((BYTE)(b))) << 8))

typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    union {
        struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;
#define WSAOVERLAPPED OVERLAPPED
typedef struct _OVERLAPPED *LPWSAOVERLAPPED;

typedef void(CALLBACK *LPWSAOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwError, DWORD cbTransferred,
                                                           LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags);

typedef struct _WSABUF {
    ULONG len;
    CHAR *buf;
} WSABUF, *LPWSABUF;

typedef struct _WSAMSG {
    LPSOCKADDR name;
    INT namelen;
    LPWSABUF lpBuffers;
    ULONG dwBufferCount;
    WSABUF Control;
    ULONG dwFlags;
} WSAMSG, *PWSAMSG, *LPWSAMSG;

typedef struct _WSACMSGHDR {
    SIZE_T cmsg_len;
    INT cmsg_level;
    INT cmsg_type;
} WSACMSGHDR, *PWSACMSGHDR, *LPWSACMSGHDR;

/* The SDK's formulas, exactly (SEMANTICS 2): NXTHDR makes no progress on cmsg_len 0. */
#define WSA_CMSGHDR_ALIGN(length) (((length) + TYPE_ALIGNMENT(WSACMSGHDR) - 1) & (~(TYPE_ALIGNMENT(WSACMSGHDR) - 1)))
#define WSA_CMSGDATA_ALIGN(length) (((length) + MAX_NATURAL_ALIGNMENT - 1) & (~(MAX_NATURAL_ALIGNMENT - 1)))
#define WSA_CMSG_FIRSTHDR(msg)                                                                                         \
    (((msg)->Control.len >= sizeof(WSACMSGHDR)) ? (LPWSACMSGHDR)(msg)->Control.buf : (LPWSACMSGHDR)NULL)
#define WSA_CMSG_NXTHDR(msg, cmsg)                                                                                     \
    (((cmsg) == NULL) ? WSA_CMSG_FIRSTHDR(msg)                                                                         \
                      : ((((u_char *)(cmsg) + WSA_CMSGHDR_ALIGN((cmsg)->cmsg_len) + sizeof(WSACMSGHDR)) >              \
                          (u_char *)((msg)->Control.buf) + (msg)->Control.len)                                         \
                             ? (LPWSACMSGHDR)NULL                                                                      \
                             : (LPWSACMSGHDR)((u_char *)(cmsg) + WSA_CMSGHDR_ALIGN((cmsg)->cmsg_len))))
#define WSA_CMSG_DATA(cmsg) ((u_char *)(cmsg) + WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)))
#define WSA_CMSG_SPACE(length) (WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR) + WSA_CMSGHDR_ALIGN(length)))
#define WSA_CMSG_LEN(length) (WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)) + length)

typedef struct _WSATHREADID {
    HANDLE ThreadHandle;
    DWORD_PTR Reserved;
} WSATHREADID, *LPWSATHREADID;

/* A protocol catalogue entry, as WSAEnumProtocols, getsockopt(SO_PROTOCOL_INFO) and WSASocket
 * take and give it ("WSAPROTOCOL_INFOW structure", winsock2.h).  The layout is Windows': 628
 * bytes for the W form, 372 for the A form, on x86 and x64 alike. */
#define MAX_PROTOCOL_CHAIN 7
#define BASE_PROTOCOL 1
#define LAYERED_PROTOCOL 0
#define WSAPROTOCOL_LEN 255
typedef struct _WSAPROTOCOLCHAIN {
    int ChainLen; /* 0: a layered protocol, 1: a base protocol, more: a chain */
    DWORD ChainEntries[MAX_PROTOCOL_CHAIN];
} WSAPROTOCOLCHAIN, *LPWSAPROTOCOLCHAIN;
typedef struct _WSAPROTOCOL_INFOA {
    DWORD dwServiceFlags1;
    DWORD dwServiceFlags2;
    DWORD dwServiceFlags3;
    DWORD dwServiceFlags4;
    DWORD dwProviderFlags;
    GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion;
    int iAddressFamily;
    int iMaxSockAddr;
    int iMinSockAddr;
    int iSocketType;
    int iProtocol;
    int iProtocolMaxOffset;
    int iNetworkByteOrder;
    int iSecurityScheme;
    DWORD dwMessageSize;
    DWORD dwProviderReserved;
    CHAR szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOA, *LPWSAPROTOCOL_INFOA;
typedef struct _WSAPROTOCOL_INFOW {
    DWORD dwServiceFlags1;
    DWORD dwServiceFlags2;
    DWORD dwServiceFlags3;
    DWORD dwServiceFlags4;
    DWORD dwProviderFlags;
    GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion;
    int iAddressFamily;
    int iMaxSockAddr;
    int iMinSockAddr;
    int iSocketType;
    int iProtocol;
    int iProtocolMaxOffset;
    int iNetworkByteOrder;
    int iSecurityScheme;
    DWORD dwMessageSize;
    DWORD dwProviderReserved;
    WCHAR szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOW, *LPWSAPROTOCOL_INFOW;
#ifdef UNICODE
typedef WSAPROTOCOL_INFOW WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOW LPWSAPROTOCOL_INFO;
#else
typedef WSAPROTOCOL_INFOA WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOA LPWSAPROTOCOL_INFO;
#endif
/* dwServiceFlags1 */
#define XP1_CONNECTIONLESS 0x00000001
#define XP1_GUARANTEED_DELIVERY 0x00000002
#define XP1_GUARANTEED_ORDER 0x00000004
#define XP1_MESSAGE_ORIENTED 0x00000008
#define XP1_PSEUDO_STREAM 0x00000010
#define XP1_GRACEFUL_CLOSE 0x00000020
#define XP1_EXPEDITED_DATA 0x00000040
#define XP1_CONNECT_DATA 0x00000080
#define XP1_DISCONNECT_DATA 0x00000100
#define XP1_SUPPORT_BROADCAST 0x00000200
#define XP1_SUPPORT_MULTIPOINT 0x00000400
#define XP1_MULTIPOINT_CONTROL_PLANE 0x00000800
#define XP1_MULTIPOINT_DATA_PLANE 0x00001000
#define XP1_QOS_SUPPORTED 0x00002000
#define XP1_INTERRUPT 0x00004000
#define XP1_UNI_SEND 0x00008000
#define XP1_UNI_RECV 0x00010000
#define XP1_IFS_HANDLES 0x00020000
#define XP1_PARTIAL_MESSAGE 0x00040000
#define XP1_SAN_SUPPORT_SDP 0x00080000
/* dwProviderFlags */
#define PFL_MULTIPLE_PROTO_ENTRIES 0x00000001
#define PFL_RECOMMENDED_PROTO_ENTRY 0x00000002
#define PFL_HIDDEN 0x00000004
#define PFL_MATCHES_PROTOCOL_ZERO 0x00000008
#define PFL_NETWORKDIRECT_PROVIDER 0x00000010
#define BIGENDIAN 0x0000
#define LITTLEENDIAN 0x0001
#define SECURITY_PROTOCOL_NONE 0x0000
/* WSASocket's af, type or protocol taken from its lpProtocolInfo */
#define FROM_PROTOCOL_INFO (-1)

/* WSAEnumProtocols: the transport protocols of the catalogue, into a buffer the caller sizes
 * (WSAENOBUFS with the size needed in *lpdwBufferLength).  The model's catalogue is its one
 * provider's four base entries: TCP and UDP over IPv4 and IPv6.  driver-stub/ws2/protocol_calls.c. */
int WSAEnumProtocolsA(LPINT lpiProtocols, LPWSAPROTOCOL_INFOA lpProtocolBuffer, LPDWORD lpdwBufferLength);
int WSAEnumProtocolsW(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer, LPDWORD lpdwBufferLength);
#ifdef UNICODE
#define WSAEnumProtocols WSAEnumProtocolsW
#else
#define WSAEnumProtocols WSAEnumProtocolsA
#endif

/* ---------------------------------------------------------------- IOCTL codes */
#define IOCPARM_MASK 0x7f
#define IOC_VOID 0x20000000
#define IOC_OUT 0x40000000
#define IOC_IN 0x80000000
#define IOC_INOUT (IOC_IN | IOC_OUT)
#define IOC_UNIX 0x00000000
#define IOC_WS2 0x08000000
#define IOC_PROTOCOL 0x10000000
#define IOC_VENDOR 0x18000000
#define _WSAIO(x, y) (IOC_VOID | (x) | (y))
#define _WSAIOR(x, y) (IOC_OUT | (x) | (y))
#define _WSAIOW(x, y) (IOC_IN | (x) | (y))
#define _WSAIORW(x, y) (IOC_INOUT | (x) | (y))
#define _IO(x, y) (IOC_VOID | ((x) << 8) | (y))
#define _IOR(x, y, t) (IOC_OUT | (((long)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define _IOW(x, y, t) (IOC_IN | (((long)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))

#define FIONREAD _IOR('f', 127, u_long)
#define FIONBIO _IOW('f', 126, u_long)
#define FIOASYNC _IOW('f', 125, u_long)
#define SIOCATMARK _IOR('s', 7, u_long)
#define SIO_FLUSH _WSAIO(IOC_WS2, 4)
#define SIO_GET_EXTENSION_FUNCTION_POINTER _WSAIORW(IOC_WS2, 6)
#define SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE _WSAIOR(IOC_VENDOR, 205)
#define SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS _WSAIOW(IOC_VENDOR, 220)
#define SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT _WSAIOW(IOC_VENDOR, 221)
#define SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS _WSAIOW(IOC_VENDOR, 222)
/* The everyday codes of mstcpip.h and winsock2.h a server or an event loop sends (values of
 * the Windows SDK; what the model does with each: net/ioctl.c).  SIO_ADDRESS_LIST_QUERY is
 * left out: the model does not answer it, and the catalogue's A25/A26 run only where the
 * headers have it. */
#define SIO_KEEPALIVE_VALS _WSAIOW(IOC_VENDOR, 4)
#define SIO_UDP_CONNRESET _WSAIOW(IOC_VENDOR, 12)
#define SIO_LOOPBACK_FAST_PATH _WSAIOW(IOC_VENDOR, 16)
#define SIO_ROUTING_INTERFACE_QUERY _WSAIORW(IOC_WS2, 20)
#define SIO_BSP_HANDLE_POLL _WSAIOR(IOC_WS2, 29)
#define SIO_BASE_HANDLE _WSAIOR(IOC_WS2, 34)

/* SIO_KEEPALIVE_VALS's input (mstcpip.h): times in milliseconds. */
struct tcp_keepalive {
    u_long onoff;
    u_long keepalivetime;
    u_long keepaliveinterval;
};

#define WSAID_WSARECVMSG                                                                                               \
    {                                                                                                                  \
        0xf689d7c8, 0x6f1f, 0x436b, { 0x8a, 0x53, 0xe5, 0x4f, 0xe3, 0x51, 0xc3, 0x22 }                                 \
    }
#define WSAID_WSASENDMSG                                                                                               \
    {                                                                                                                  \
        0xa441e712, 0x754f, 0x43ca, { 0x84, 0xa7, 0x0d, 0xee, 0x44, 0xcf, 0x60, 0x6d }                                 \
    }

/* -------------------------------------------------------------- socket options */
#define SO_DEBUG 0x0001
#define SO_ACCEPTCONN 0x0002
#define SO_REUSEADDR 0x0004
#define SO_EXCLUSIVEADDRUSE ((int)(~SO_REUSEADDR))
#define SO_KEEPALIVE 0x0008
#define SO_BROADCAST 0x0020
#define SO_LINGER 0x0080
#define SO_DONTLINGER ((int)(~SO_LINGER))
#define SO_SNDBUF 0x1001
#define SO_RCVBUF 0x1002
#define SO_SNDTIMEO 0x1005
#define SO_RCVTIMEO 0x1006
#define SO_ERROR 0x1007
#define SO_TYPE 0x1008
#define SO_MAX_MSG_SIZE 0x2003
#define SO_PROTOCOL_INFOA 0x2004
#define SO_PROTOCOL_INFOW 0x2005
#define SO_PROTOCOL_INFO SO_PROTOCOL_INFOW
#define SO_REUSE_UNICASTPORT 0x3007
#define SO_OPENTYPE 0x7008
#define SO_SYNCHRONOUS_ALERT 0x10
#define SO_SYNCHRONOUS_NONALERT 0x20
#define TCP_NODELAY 0x0001
#define TCP_KEEPALIVE 3
#define TCP_KEEPIDLE TCP_KEEPALIVE
#define TCP_MAXSEG 4
#define TCP_FASTOPEN 15
#define TCP_KEEPCNT 16
#define TCP_KEEPINTVL 17
#define IP_HDRINCL 2
#define IP_TOS 3
#define IP_TTL 4
#define IP_MULTICAST_TTL 10
#define IP_ADD_MEMBERSHIP 12
#define IP_DROP_MEMBERSHIP 13
#define IP_DONTFRAGMENT 14
#define IP_PKTINFO 19
#define IP_WFP_REDIRECT_RECORDS 60
#define IP_WFP_REDIRECT_CONTEXT 70
#define IPV6_UNICAST_HOPS 4
#define IPV6_PKTINFO 19
#define IPV6_V6ONLY 27
#define IPV6_WFP_REDIRECT_RECORDS 60
#define IPV6_WFP_REDIRECT_CONTEXT 70

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_WAITALL 0x8
#define MSG_PARTIAL 0x8000
#define MSG_TRUNC 0x0100
#define MSG_CTRUNC 0x0200
#define MSG_BCAST 0x0400
#define MSG_MCAST 0x0800

#define SD_RECEIVE 0
#define SD_SEND 1
#define SD_BOTH 2

#define WSA_FLAG_OVERLAPPED 0x01
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80

/* handleapi.h: what a server does to its sockets before it starts a child process (ws2/sync.c). */
#define HANDLE_FLAG_INHERIT 0x1
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x2

/* ------------------------------------------------------------ error constants */
#define ERROR_SUCCESS 0
#define NO_ERROR 0
#define ERROR_INVALID_FUNCTION 1
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_SUPPORTED 50
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_NOACCESS 998
#define ERROR_INVALID_PARAMETER 87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_MORE_DATA 234
#define WAIT_TIMEOUT 258
#define ERROR_ARITHMETIC_OVERFLOW 534
#define ERROR_OPERATION_ABORTED 995
#define ERROR_IO_INCOMPLETE 996
#define ERROR_IO_PENDING 997
#define ERROR_NOT_FOUND 1168
#define ERROR_ABANDONED_WAIT_0 735

#define WSA_INVALID_HANDLE ERROR_INVALID_HANDLE
#define WSA_NOT_ENOUGH_MEMORY 8
#define WSA_INVALID_PARAMETER ERROR_INVALID_PARAMETER
#define WSA_OPERATION_ABORTED ERROR_OPERATION_ABORTED
#define WSA_IO_INCOMPLETE ERROR_IO_INCOMPLETE
#define WSA_IO_PENDING ERROR_IO_PENDING

#define WSABASEERR 10000
#define WSAEINTR 10004
#define WSAEBADF 10009
#define WSAEACCES 10013
#define WSAEFAULT 10014
#define WSAEINVAL 10022
#define WSAEMFILE 10024
#define WSAEWOULDBLOCK 10035
#define WSAEINPROGRESS 10036
#define WSAEALREADY 10037
#define WSAENOTSOCK 10038
#define WSAEDESTADDRREQ 10039
#define WSAEMSGSIZE 10040
#define WSAEPROTOTYPE 10041
#define WSAENOPROTOOPT 10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP 10045
#define WSAEAFNOSUPPORT 10047
#define WSAEADDRINUSE 10048
#define WSAEADDRNOTAVAIL 10049
#define WSAENETDOWN 10050
#define WSAECONNABORTED 10053
#define WSAECONNRESET 10054
#define WSAENOBUFS 10055
#define WSAEISCONN 10056
#define WSAENOTCONN 10057
#define WSAESHUTDOWN 10058
#define WSAETIMEDOUT 10060
#define WSAECONNREFUSED 10061
#define WSAEHOSTUNREACH 10065
#define WSASYSNOTREADY 10091
#define WSAVERNOTSUPPORTED 10092
#define WSANOTINITIALISED 10093

#define FWP_E_NOT_FOUND ((HRESULT)0x80320008)

#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#define STATUS_PENDING ((NTSTATUS)0x00000103)
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005)
#define STATUS_ACCESS_DENIED ((NTSTATUS)0xC0000022)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023)
#define STATUS_INTEGER_OVERFLOW ((NTSTATUS)0xC0000095)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BB)
#define STATUS_CANCELLED ((NTSTATUS)0xC0000120)
#define STATUS_NOT_FOUND ((NTSTATUS)0xC0000225)
#define STATUS_FWP_NOT_FOUND ((NTSTATUS)0xC0220008)
#define STATUS_FWP_CANNOT_PEND ((NTSTATUS)0xC0220103)

/* -------------------------------------------------------------- waits */
#define WSA_WAIT_EVENT_0 0
#define WSA_WAIT_IO_COMPLETION 0xC0
#define WAIT_IO_COMPLETION 0xC0
#define WSA_WAIT_TIMEOUT WAIT_TIMEOUT
#define WSA_WAIT_FAILED 0xFFFFFFFFu
#define WSA_INFINITE INFINITE
#define WSA_MAXIMUM_WAIT_EVENTS 64

/* ------------------------------------------------ extension function types */
typedef INT(WSAAPI *LPFN_WSARECVMSG)(SOCKET s, LPWSAMSG lpMsg, LPDWORD lpdwNumberOfBytesRecvd,
                                     LPWSAOVERLAPPED lpOverlapped,
                                     LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
typedef INT(WSAAPI *LPFN_WSASENDMSG)(SOCKET s, LPWSAMSG lpMsg, DWORD dwFlags, LPDWORD lpNumberOfBytesSent,
                                     LPWSAOVERLAPPED lpOverlapped,
                                     LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

/* --------------------------------------------- the renamed BSD-style entry points */
#define socket wfp_socket
#define bind wfp_bind
#define listen wfp_listen
#define connect wfp_connect
#define accept wfp_accept
#define send wfp_send
#define recv wfp_recv
#define sendto wfp_sendto
#define recvfrom wfp_recvfrom
#define shutdown wfp_shutdown
#define getsockopt wfp_getsockopt
#define setsockopt wfp_setsockopt
#define getsockname wfp_getsockname
#define getpeername wfp_getpeername
#define htons wfp_htons
#define htonl wfp_htonl
#define ntohs wfp_ntohs
#define ntohl wfp_ntohl
#define inet_pton wfp_inet_pton
#define inet_ntop wfp_inet_ntop
#define getaddrinfo wfp_getaddrinfo
#define freeaddrinfo wfp_freeaddrinfo
#define addrinfo wfp_addrinfo

/* ----------------------------------------------------------------- WSA API */
int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
int WSACleanup(void);
int WSAGetLastError(void);
void WSASetLastError(int iError);
DWORD GetLastError(void);
void SetLastError(DWORD dwErrCode);

SOCKET socket(int af, int type, int protocol);
SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g, DWORD dwFlags);
SOCKET WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA lpProtocolInfo, GROUP g, DWORD dwFlags);
#ifdef UNICODE
#define WSASocket WSASocketW
#else
#define WSASocket WSASocketA /* takes the WSAPROTOCOL_INFO of WSAEnumProtocols, the A one here */
#endif
int bind(SOCKET s, const struct sockaddr *name, int namelen);
int listen(SOCKET s, int backlog);
int connect(SOCKET s, const struct sockaddr *name, int namelen);
SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen);
int closesocket(SOCKET s);
int shutdown(SOCKET s, int how);
int send(SOCKET s, const char *buf, int len, int flags);
int recv(SOCKET s, char *buf, int len, int flags);
int sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to, int tolen);
int recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from, int *fromlen);
int WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
            LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
            LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
/* WSASendTo and WSARecvFrom: WSASend and WSARecv with a destination and a source address
 * (learn.microsoft.com: "WSASendTo", "WSARecvFrom"); a connection-oriented socket ignores
 * them.  WSAEFAULT for an lpFromlen that cannot be read or is too small for the socket's
 * address family, checked when the call starts; WSAEINVAL on a datagram socket not bound. */
int WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
              const struct sockaddr *lpTo, int iTolen, LPWSAOVERLAPPED lpOverlapped,
              LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
                struct sockaddr *lpFrom, LPINT lpFromlen, LPWSAOVERLAPPED lpOverlapped,
                LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen);
int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen);
int getsockname(SOCKET s, struct sockaddr *name, int *namelen);
int getpeername(SOCKET s, struct sockaddr *name, int *namelen);
int ioctlsocket(SOCKET s, long cmd, u_long *argp);
int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer,
             DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
             LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer, BOOL fWait,
                            LPDWORD lpdwFlags);

u_short htons(u_short v);
u_long htonl(u_long v);
u_short ntohs(u_short v);
u_long ntohl(u_long v);
int inet_pton(int family, const char *src, void *dst);

WSAEVENT WSACreateEvent(void);
BOOL WSACloseEvent(WSAEVENT hEvent);
BOOL WSASetEvent(WSAEVENT hEvent);
BOOL WSAResetEvent(WSAEVENT hEvent);
DWORD WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT *lphEvents, BOOL fWaitAll, DWORD dwTimeout,
                               BOOL fAlertable);
DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable);
HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort, ULONG_PTR CompletionKey,
                              DWORD NumberOfConcurrentThreads);
BOOL GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred, ULONG_PTR *lpCompletionKey,
                               LPOVERLAPPED *lpOverlapped, DWORD dwMilliseconds);
BOOL PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred, ULONG_PTR dwCompletionKey,
                                LPOVERLAPPED lpOverlapped);
BOOL CloseHandle(HANDLE hObject);
BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags);
BOOL GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags);
HANDLE GetCurrentThread(void);
/* Completion-port fidelity (issue 13 section 3), as in ioapiset.h and winbase.h
 * (learn.microsoft.com: "GetQueuedCompletionStatusEx function", "CancelIoEx function",
 * "CancelIo function", "SetFileCompletionNotificationModes function").
 *   GetQueuedCompletionStatusEx removes up to ulCount packets at once; a failed operation's
 *     packet is an entry like any other (its status in Internal) and the call still returns
 *     TRUE.  With fAlertable and no packet it waits alertably: an APC that runs ends it with
 *     FALSE and WAIT_IO_COMPLETION.  A time-out is FALSE with WAIT_TIMEOUT.
 *   CancelIoEx cancels the handle's pending operations (all, or those started with
 *     lpOverlapped), issued by any thread; each completes once, with ERROR_OPERATION_ABORTED
 *     (WSA_OPERATION_ABORTED through WSAGetOverlappedResult and completion routines) and its
 *     usual notification.  Nothing to cancel: FALSE, ERROR_NOT_FOUND.  CancelIo cancels only
 *     the operations the calling thread started, and succeeds when there are none.
 *   SetFileCompletionNotificationModes: a mode once set stays.  FILE_SKIP_COMPLETION_PORT_ON_SUCCESS:
 *     an operation that succeeds at once (the call returns 0 or TRUE, not WSA_IO_PENDING)
 *     queues no packet; its OVERLAPPED and its event are still written and set.  On the model
 *     an overlapped call completes at once when it can (WSARecv with bytes waiting, WSASend,
 *     AcceptEx with a connection waiting, ConnectEx whose connection is up, a WSAIoctl answered
 *     at once), so a service that waits for a packet after a success is seen to hang.
 *     FILE_SKIP_SET_EVENT_ON_HANDLE is accepted and has nothing to skip: the model never
 *     signals a socket handle (waiting on one fails with ERROR_INVALID_HANDLE). */
typedef struct _OVERLAPPED_ENTRY {
    ULONG_PTR lpCompletionKey;
    LPOVERLAPPED lpOverlapped;
    ULONG_PTR Internal;
    DWORD dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY, *LPOVERLAPPED_ENTRY;
BOOL GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries, ULONG ulCount,
                                 PULONG ulNumEntriesRemoved, DWORD dwMilliseconds, BOOL fAlertable);
BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);
BOOL CancelIo(HANDLE hFile);
#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE 0x2
BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags);
/* GetOverlappedResult, GetOverlappedResultEx and QueueUserAPC, as in ioapiset.h and
 * processthreadsapi.h (learn.microsoft.com: "GetOverlappedResult function",
 * "GetOverlappedResultEx function", "QueueUserAPC function").  The result is the Win32 view of
 * the operation's status (Internal): a reset connection is ERROR_NETNAME_DELETED, not
 * WSAECONNRESET; *lpNumberOfBytesTransferred is written whether it succeeded or not.  Still
 * pending: with 0 ms FALSE and ERROR_IO_INCOMPLETE, past dwMilliseconds FALSE and WAIT_TIMEOUT,
 * an APC run by an alertable wait FALSE and WAIT_IO_COMPLETION.  QueueUserAPC takes the handle
 * CreateThread, _beginthreadex or GetCurrentThread gave; a thread that has ended takes none
 * (0, ERROR_GEN_FAILURE).  APCs run in the thread's next alertable wait.
 * driver-stub/ws2/alert_calls.c. */
#define ERROR_GEN_FAILURE 31
#define ERROR_NETNAME_DELETED 64
typedef void(CALLBACK *PAPCFUNC)(ULONG_PTR Parameter);
BOOL GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred, BOOL bWait);
BOOL GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                           DWORD dwMilliseconds, BOOL bAlertable);
DWORD QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData);

/* ---------- the kernel32 calls a redirect service makes around Winsock
 * Threads, events, waits, critical sections, time and the process id, as in processthreadsapi.h,
 * synchapi.h, sysinfoapi.h, profileapi.h and process.h (learn.microsoft.com: "CreateThread",
 * "CreateEventW", "WaitForSingleObject", "WaitForMultipleObjects", "InitializeCriticalSection",
 * "GetTickCount64", "QueryPerformanceCounter", "GetCurrentProcessId", "_beginthreadex").  A
 * thread's handle is signalled when its function returns; events may be manual- or auto-reset;
 * GetCurrentProcessId is the process the model gives the caller's sockets (target.h,
 * WT_PROCESS_SELF), the PID a callout's exemption compares.  driver-stub/ws2/win32_calls.c. */
#define WAIT_OBJECT_0 0u
#define WAIT_FAILED 0xFFFFFFFFu
#define MAXIMUM_WAIT_OBJECTS 64
typedef void *LPSECURITY_ATTRIBUTES;
typedef const char *LPCSTR;
typedef const wchar_t *LPCWSTR;
/* The text type of winnt.h: a program written for both builds spells its strings TEXT("...") and
 * TCHAR, and the unsuffixed calls take them (the A forms without UNICODE, the W forms with it;
 * the W forms' L"..." needs -fshort-wchar on Linux, as above). */
#ifdef UNICODE
typedef WCHAR TCHAR;
typedef LPWSTR LPTSTR;
typedef LPCWSTR LPCTSTR;
#define __TEXT(quote) L##quote
#else
typedef CHAR TCHAR;
typedef LPSTR LPTSTR;
typedef LPCSTR LPCTSTR;
#define __TEXT(quote) quote
#endif
#define TEXT(quote) __TEXT(quote)
typedef DWORD(WINAPI *LPTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
HANDLE CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, size_t dwStackSize, LPTHREAD_START_ROUTINE lpStartAddress,
                    LPVOID lpParameter, DWORD dwCreationFlags, LPDWORD lpThreadId);
uintptr_t _beginthreadex(void *security, unsigned stack_size, unsigned(WINAPI *start_address)(void *), void *arglist,
                         unsigned initflag, unsigned *thrdaddr);
/* "_beginthread": the thread runs start_address(arglist); its handle closes by itself when the
 * thread ends (so it may be invalid by the time the caller uses it), and -1 is the failure. */
uintptr_t _beginthread(void (*start_address)(void *), unsigned stack_size, void *arglist);
BOOL GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
#define STILL_ACTIVE 259
/* "ExitThread", "_endthreadex", "_endthread": the calling thread ends with the code, as if its
 * start function had returned it; in a thread the model did not start (main) the code goes
 * nowhere.  They do not return. */
void ExitThread(DWORD dwExitCode);
void _endthreadex(unsigned retval);
void _endthread(void);
/* CREATE_SUSPENDED: the thread runs its function once ResumeThread brings its count to 0. */
#define CREATE_SUSPENDED 0x00000004
DWORD ResumeThread(HANDLE hThread);
DWORD GetCurrentThreadId(void);
DWORD GetCurrentProcessId(void);
HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName);
HANDLE CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName);
#ifdef UNICODE
#define CreateEvent CreateEventW
#else
#define CreateEvent CreateEventA
#endif
BOOL SetEvent(HANDLE hEvent);
BOOL ResetEvent(HANDLE hEvent);
/* Mutexes and semaphores (learn.microsoft.com: "CreateMutexW", "ReleaseMutex",
 * "CreateSemaphoreW", "ReleaseSemaphore"), waited on with WaitForSingleObject and
 * WaitForMultipleObjects under the model's clock like events.  A mutex is recursive and owned
 * by a thread: ReleaseMutex by another is ERROR_NOT_OWNER; a thread started with CreateThread
 * or _beginthreadex that ends owning one abandons it (the next wait answers
 * WAIT_ABANDONED_0 + i and owns it).  ReleaseSemaphore past lMaximumCount is
 * ERROR_TOO_MANY_POSTS.  Named events, mutexes and semaphores are the process's: a name in use
 * gives the existing object and ERROR_ALREADY_EXISTS (another kind's name: ERROR_INVALID_HANDLE),
 * a new one leaves the last error 0.  ws2/win32_calls.c. */
#define ERROR_ALREADY_EXISTS 183
#define ERROR_FILENAME_EXCED_RANGE 206
#define WAIT_ABANDONED_0 0x80u
#define WAIT_ABANDONED WAIT_ABANDONED_0
#define ERROR_NOT_OWNER 288
#define ERROR_TOO_MANY_POSTS 298
typedef LONG *LPLONG, *PLONG;
HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName);
HANDLE CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName);
#ifdef UNICODE
#define CreateMutex CreateMutexW
#else
#define CreateMutex CreateMutexA
#endif
BOOL ReleaseMutex(HANDLE hMutex);
HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                        LPCWSTR lpName);
HANDLE CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount, LONG lMaximumCount,
                        LPCSTR lpName);
#ifdef UNICODE
#define CreateSemaphore CreateSemaphoreW
#else
#define CreateSemaphore CreateSemaphoreA
#endif
BOOL ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount);
/* Another handle to a named event, mutex or semaphore ("OpenEventW", "OpenMutexW",
 * "OpenSemaphoreW"): NULL with ERROR_FILE_NOT_FOUND for a name no object has,
 * ERROR_INVALID_HANDLE for another kind's, ERROR_INVALID_PARAMETER for no name.  The access
 * asked for is accepted; the model's handles allow every call.  ws2/win32_calls.c. */
#define SYNCHRONIZE 0x00100000u
#define EVENT_MODIFY_STATE 0x0002u
#define EVENT_ALL_ACCESS 0x1F0003u
#define MUTEX_MODIFY_STATE 0x0001u
#define MUTEX_ALL_ACCESS 0x1F0001u
#define SEMAPHORE_MODIFY_STATE 0x0002u
#define SEMAPHORE_ALL_ACCESS 0x1F0003u
HANDLE OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
HANDLE OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
HANDLE OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
#ifdef UNICODE
#define OpenEvent OpenEventW
#define OpenMutex OpenMutexW
#define OpenSemaphore OpenSemaphoreW
#else
#define OpenEvent OpenEventA
#define OpenMutex OpenMutexA
#define OpenSemaphore OpenSemaphoreA
#endif
/* FormatMessageA and FormatMessageW from the system's table only (English texts of the Win32 and Winsock codes
 * the model answers with; FORMAT_MESSAGE_FROM_STRING/FROM_HMODULE/ARGUMENT_ARRAY are not
 * defined), OutputDebugStringA/W (to stderr, the W text as UTF-8) and GetSystemTimeAsFileTime.
 * ws2/runtime_calls.c. */
#include <stdarg.h>
typedef void *HLOCAL;
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS 0x00000200
#define FORMAT_MESSAGE_FROM_SYSTEM 0x00001000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK 0x000000FF
#define LANG_NEUTRAL 0x00
#define LANG_ENGLISH 0x09
#define SUBLANG_DEFAULT 0x01
#define SUBLANG_ENGLISH_US 0x01
#define MAKELANGID(p, s) ((((WORD)(s)) << 10) | (WORD)(p))
#define ERROR_MR_MID_NOT_FOUND 317
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815
DWORD FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId, LPSTR lpBuffer,
                     DWORD nSize, va_list *Arguments);
/* The same texts in UTF-16; nSize counts WCHARs. */
DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId, LPWSTR lpBuffer,
                     DWORD nSize, va_list *Arguments);
#ifdef UNICODE
#define FormatMessage FormatMessageW
#else
#define FormatMessage FormatMessageA
#endif
/* The old local and global heaps (learn.microsoft.com: "LocalAlloc", "GlobalAlloc"): fixed memory
 * only, zeroed with LMEM_ZEROINIT / GMEM_ZEROINIT (LPTR, GPTR); LocalFree and GlobalFree return
 * NULL.  A movable block (LMEM_MOVEABLE, GMEM_MOVEABLE) is ERROR_INVALID_PARAMETER here. */
#define LMEM_FIXED 0x0000
#define LMEM_MOVEABLE 0x0002
#define LMEM_ZEROINIT 0x0040
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define GMEM_FIXED 0x0000
#define GMEM_MOVEABLE 0x0002
#define GMEM_ZEROINIT 0x0040
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)
typedef HLOCAL HGLOBAL;
HLOCAL LocalAlloc(UINT uFlags, SIZE_T uBytes);
HLOCAL LocalFree(HLOCAL hMem);
HGLOBAL GlobalAlloc(UINT uFlags, SIZE_T dwBytes);
HGLOBAL GlobalFree(HGLOBAL hMem);
/* "ExitProcess": ends the process with uExitCode (stdio flushed first); "IsDebuggerPresent":
 * whether a debugger is attached (FALSE under the model unless one traces the process). */
void ExitProcess(UINT uExitCode);
BOOL IsDebuggerPresent(void);
/* Console control handlers, as in consoleapi.h (learn.microsoft.com: "SetConsoleCtrlHandler",
 * "GenerateConsoleCtrlEvent", "HandlerRoutine"): the routines run on a new thread, the last
 * registered first, until one returns TRUE; none, and the process ends.  The model's process is
 * its console's only one (group 0).  driver-stub/ws2/console_calls.c. */
#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1
#define CTRL_CLOSE_EVENT 2
#define CTRL_LOGOFF_EVENT 5
#define CTRL_SHUTDOWN_EVENT 6
typedef BOOL(WINAPI *PHANDLER_ROUTINE)(DWORD CtrlType);
BOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add);
BOOL GenerateConsoleCtrlEvent(DWORD dwCtrlEvent, DWORD dwProcessGroupId);
void OutputDebugStringA(LPCSTR lpOutputString);
/* user32's formatter ("wsprintfA function", "wvsprintfA function"): the C runtime's rules for
 * %c %d %i %u %x %X %s %S with the l, h and I64 sizes, flags, width and precision; at most 1,024
 * bytes are written, the terminator included, and the answer is the characters stored without it.
 * The A forms only.  ws2/crt_calls.c. */
int wsprintfA(LPSTR lpOut, LPCSTR lpFmt, ...);
int wvsprintfA(LPSTR lpOut, LPCSTR lpFmt, va_list arglist);
void OutputDebugStringW(LPCWSTR lpOutputString);
#ifdef UNICODE
#define OutputDebugString OutputDebugStringW
#else
#define OutputDebugString OutputDebugStringA
#define wsprintf wsprintfA
#define wvsprintf wvsprintfA
#endif
void GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime);
/* The machine, the process and the calendar, as in sysinfoapi.h, processthreadsapi.h and
 * minwinbase.h (learn.microsoft.com: "GetSystemInfo", "SYSTEM_INFO", "GetCurrentProcess",
 * "SwitchToThread", "GetSystemTime", "GetLocalTime", "SYSTEMTIME",
 * "GetSystemTimePreciseAsFileTime").  GetSystemInfo answers as x64 Windows does (AMD64, pages of
 * 4096 bytes, an allocation granularity of 65536) with the host's online processors;
 * GetCurrentProcess is the pseudo-handle (HANDLE)-1, which CloseHandle accepts and ignores.
 * No WSAStartup is needed.  ws2/sysinfo_calls.c. */
#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_AMD_X8664 8664
typedef struct _SYSTEM_INFO {
    union {
        DWORD dwOemId;
        struct {
            WORD wProcessorArchitecture;
            WORD wReserved;
        };
    };
    DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress;
    LPVOID lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors;
    DWORD dwProcessorType;
    DWORD dwAllocationGranularity;
    WORD wProcessorLevel;
    WORD wProcessorRevision;
} SYSTEM_INFO, *LPSYSTEM_INFO;
typedef struct _SYSTEMTIME {
    WORD wYear;
    WORD wMonth;
    WORD wDayOfWeek;
    WORD wDay;
    WORD wHour;
    WORD wMinute;
    WORD wSecond;
    WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;
/* "FileTimeToSystemTime function", "SystemTimeToFileTime function": 100 ns since 1601-01-01 UTC
 * and the calendar; a FILETIME of 2^63 or more, or a SYSTEMTIME field out of its range, fails with
 * ERROR_INVALID_PARAMETER.  driver-stub/ws2/sysinfo_calls.c. */
BOOL FileTimeToSystemTime(const FILETIME *lpFileTime, LPSYSTEMTIME lpSystemTime);
BOOL SystemTimeToFileTime(const SYSTEMTIME *lpSystemTime, LPFILETIME lpFileTime);
void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo);
void GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo);
HANDLE GetCurrentProcess(void);
BOOL SwitchToThread(void);
void GetSystemTime(LPSYSTEMTIME lpSystemTime);
void GetLocalTime(LPSYSTEMTIME lpSystemTime);
void GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime);
/* Code pages, as in stringapiset.h and winnls.h (learn.microsoft.com: "MultiByteToWideChar",
 * "WideCharToMultiByte", "GetACP").  The model's process runs with UTF-8 as its active code
 * page: GetACP and GetOEMCP answer CP_UTF8, and CP_ACP, CP_OEMCP and CP_THREAD_ACP convert as
 * CP_UTF8; another code page is ERROR_INVALID_PARAMETER.  Invalid input becomes U+FFFD, or
 * fails with ERROR_NO_UNICODE_TRANSLATION under MB_ERR_INVALID_CHARS / WC_ERR_INVALID_CHARS; a
 * buffer too small fails with ERROR_INSUFFICIENT_BUFFER.  ws2/text_calls.c. */
#define CP_ACP 0
#define CP_OEMCP 1
#define CP_THREAD_ACP 3
#define CP_UTF8 65001
#define MB_ERR_INVALID_CHARS 0x00000008
#define WC_ERR_INVALID_CHARS 0x00000080
#define ERROR_INVALID_FLAGS 1004
#define ERROR_NO_UNICODE_TRANSLATION 1113
UINT GetACP(void);
UINT GetOEMCP(void);
int MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCSTR lpMultiByteStr, int cbMultiByte, LPWSTR lpWideCharStr,
                        int cchWideChar);
int WideCharToMultiByte(UINT CodePage, DWORD dwFlags, const WCHAR *lpWideCharStr, int cchWideChar, LPSTR lpMultiByteStr,
                        int cbMultiByte, LPCSTR lpDefaultChar, LPBOOL lpUsedDefaultChar);
/* The process's environment and string lengths, as in processenv.h and winbase.h
 * (learn.microsoft.com: "GetEnvironmentVariable", "SetEnvironmentVariable", "lstrlenA"): names
 * match without regard to case; a buffer too small gets the size needed, terminator included; a
 * name not there is 0 with ERROR_ENVVAR_NOT_FOUND; SetEnvironmentVariable with lpValue NULL
 * deletes.  ws2/env_calls.c. */
#define ERROR_ENVVAR_NOT_FOUND 203
DWORD GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize);
/* The temporary folder (TMP, TEMP, then TMPDIR and /tmp on Linux; it ends with a separator) and
 * the working folder ("GetTempPathA", "GetCurrentDirectory"): the characters copied, or the size
 * needed with the terminator for a buffer too small.  The host's paths, which CreateFile takes.
 * ws2/env_calls.c. */
DWORD GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer);
DWORD GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer);
DWORD GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer);
DWORD GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer);
DWORD GetEnvironmentVariableW(const WCHAR *lpName, LPWSTR lpBuffer, DWORD nSize);
BOOL SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue);
/* "ExpandEnvironmentStringsA function": %NAME% of a variable that is set becomes its value, an
 * unset one stays; the characters stored with the terminator, or the size needed for a buffer too
 * small.  ws2/env_calls.c. */
DWORD ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst, DWORD nSize);
/* .ini files ("GetPrivateProfileString function", "GetPrivateProfileInt function",
 * "WritePrivateProfileString function"), the A forms: sections and keys without regard to case,
 * quotes and blanks around values dropped, lpDefault without trailing blanks, a value cut to
 * nSize - 1, lists of names (lpAppName or lpKeyName NULL) ended by two terminators; a name
 * without a folder is in the current one.  ws2/profile_calls.c. */
DWORD GetPrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpDefault, LPSTR lpReturnedString,
                               DWORD nSize, LPCSTR lpFileName);
UINT GetPrivateProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName, INT nDefault, LPCSTR lpFileName);
BOOL WritePrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpString, LPCSTR lpFileName);
/* The W forms: the same, on UTF-16 names and text (the file's text is UTF-8), the sizes counted
 * in UTF-16 units. */
DWORD GetPrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpDefault, LPWSTR lpReturnedString,
                               DWORD nSize, LPCWSTR lpFileName);
UINT GetPrivateProfileIntW(LPCWSTR lpAppName, LPCWSTR lpKeyName, INT nDefault, LPCWSTR lpFileName);
BOOL WritePrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpString, LPCWSTR lpFileName);
DWORD ExpandEnvironmentStringsW(LPCWSTR lpSrc, LPWSTR lpDst, DWORD nSize);
BOOL SetEnvironmentVariableW(const WCHAR *lpName, const WCHAR *lpValue);
int lstrlenA(LPCSTR lpString);
int lstrlenW(const WCHAR *lpString);
/* The string helpers of winbase.h ("lstrcpyA", "lstrcatA"): copy and append, returning the
 * destination; NULL for a NULL string (where Windows catches the fault).  (lstrcmpA and lstrcmpiA
 * compare by the user locale's word sort, which the model does not have: not here.)
 * ws2/env_calls.c. */
LPSTR lstrcpyA(LPSTR lpString1, LPCSTR lpString2);
LPSTR lstrcatA(LPSTR lpString1, LPCSTR lpString2);
#ifdef UNICODE
#define GetEnvironmentVariable GetEnvironmentVariableW
#define ExpandEnvironmentStrings ExpandEnvironmentStringsW
#define GetTempPath GetTempPathW
#define GetCurrentDirectory GetCurrentDirectoryW
#define SetEnvironmentVariable SetEnvironmentVariableW
#define lstrlen lstrlenW
#define GetPrivateProfileString GetPrivateProfileStringW
#define GetPrivateProfileInt GetPrivateProfileIntW
#define WritePrivateProfileString WritePrivateProfileStringW
#else
#define GetPrivateProfileString GetPrivateProfileStringA
#define GetPrivateProfileInt GetPrivateProfileIntA
#define WritePrivateProfileString WritePrivateProfileStringA
#define GetEnvironmentVariable GetEnvironmentVariableA
#define ExpandEnvironmentStrings ExpandEnvironmentStringsA
#define GetTempPath GetTempPathA
#define GetCurrentDirectory GetCurrentDirectoryA
#define SetEnvironmentVariable SetEnvironmentVariableA
#define lstrlen lstrlenA
#endif
#ifndef UNICODE
#define lstrcpy lstrcpyA
#define lstrcat lstrcatA
#endif
/* Thread local storage, as in processthreadsapi.h (learn.microsoft.com: "TlsAlloc", "TlsFree",
 * "TlsGetValue", "TlsSetValue"): 1,088 indexes, each NULL in every thread when allocated;
 * TlsGetValue clears the last error when it succeeds; an index not allocated is
 * ERROR_INVALID_PARAMETER.  ws2/tls_calls.c. */
#define TLS_OUT_OF_INDEXES 0xFFFFFFFFu
#define TLS_MINIMUM_AVAILABLE 64
#define ERROR_NO_MORE_ITEMS 259
DWORD TlsAlloc(void);
BOOL TlsFree(DWORD dwTlsIndex);
LPVOID TlsGetValue(DWORD dwTlsIndex);
BOOL TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue);
/* The host's NetBIOS name, as in sysinfoapi.h (learn.microsoft.com: "GetComputerNameA"): the
 * model's host name in upper case; nSize in characters, the characters copied on success, the
 * size needed (terminator included) with ERROR_BUFFER_OVERFLOW when the buffer is too small.
 * ws2/host_calls.c. */
#define MAX_COMPUTERNAME_LENGTH 15
#define ERROR_BUFFER_OVERFLOW 111
BOOL GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize);
BOOL GetComputerNameW(LPWSTR lpBuffer, LPDWORD nSize);
#ifdef UNICODE
#define GetComputerName GetComputerNameW
#else
#define GetComputerName GetComputerNameA
#endif
/* Heaps, as in heapapi.h (learn.microsoft.com: "GetProcessHeap", "HeapCreate", "HeapDestroy",
 * "HeapAlloc", "HeapReAlloc", "HeapFree", "HeapSize").  Blocks are aligned to
 * MEMORY_ALLOCATION_ALIGNMENT (16); HeapAlloc and HeapReAlloc return NULL on failure without
 * setting the last error, HeapSize (SIZE_T)-1; HeapDestroy frees every block of the heap.  A
 * heap made with a dwMaximumSize other than 0 does not grow past it and refuses a block of
 * 0x7FFF8 bytes or more.  HEAP_GENERATE_EXCEPTIONS is not defined (the model raises no
 * structured exception, so code that asks for one does not compile).  ws2/heap_calls.c. */
#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010
#define HEAP_CREATE_ENABLE_EXECUTE 0x00040000
#define MEMORY_ALLOCATION_ALIGNMENT 16
HANDLE GetProcessHeap(void);
HANDLE HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize);
BOOL HeapDestroy(HANDLE hHeap);
LPVOID HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);
LPVOID HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes);
BOOL HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);
SIZE_T HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem);
DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
DWORD WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable);
DWORD WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds);
DWORD WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds,
                               BOOL bAlertable);
void Sleep(DWORD dwMilliseconds);
DWORD GetTickCount(void);
ULONGLONG GetTickCount64(void);
/* The multimedia timer calls of timeapi.h (learn.microsoft.com: "timeGetTime function",
 * "timeBeginPeriod function", "timeEndPeriod function", "timeGetDevCaps function"): timeGetTime
 * is the milliseconds since the system started, as GetTickCount; a period from wPeriodMin (1) to
 * wPeriodMax (1,000,000) is TIMERR_NOERROR, another TIMERR_NOCANDO; timeGetDevCaps without a
 * structure of its size is TIMERR_NOCANDO.  The model's waits already wake to the millisecond.
 * ws2/sysinfo_calls.c. */
typedef UINT MMRESULT;
#define TIMERR_NOERROR 0
#define TIMERR_NOCANDO 97
#define MMSYSERR_NOERROR 0
typedef struct timecaps_tag {
    UINT wPeriodMin;
    UINT wPeriodMax;
} TIMECAPS, *PTIMECAPS, *LPTIMECAPS;
DWORD timeGetTime(void);
MMRESULT timeBeginPeriod(UINT uPeriod);
MMRESULT timeEndPeriod(UINT uPeriod);
MMRESULT timeGetDevCaps(LPTIMECAPS ptc, UINT cbtc);
/* The one definition: wfpcert/wdk/wdm.h includes this header. */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
BOOL QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
BOOL QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);
/* Page-level memory, as in memoryapi.h and winnt.h (learn.microsoft.com: "VirtualAlloc function",
 * "VirtualFree function", "VirtualProtect function", "Memory Protection Constants"): regions
 * start on 64 KiB and span whole 4 KiB pages, committed pages read as zero, MEM_COMMIT inside a
 * reserved region commits its pages; MEM_RELEASE takes a region's base and a size of 0.  Refused:
 * a size of 0, another allocation type or protection (the PAGE_GUARD, PAGE_NOCACHE and
 * PAGE_WRITECOMBINE modifiers are not modelled) with ERROR_INVALID_PARAMETER, an address no
 * region holds with ERROR_INVALID_ADDRESS.  driver-stub/ws2/virtual_calls.c. */
#define MEM_COMMIT 0x00001000u
#define MEM_RESERVE 0x00002000u
#define MEM_DECOMMIT 0x00004000u
#define MEM_RELEASE 0x00008000u
#define MEM_TOP_DOWN 0x00100000u
#define PAGE_NOACCESS 0x01u
#define PAGE_READONLY 0x02u
#define PAGE_READWRITE 0x04u
#define PAGE_EXECUTE 0x10u
#define PAGE_EXECUTE_READ 0x20u
#define PAGE_EXECUTE_READWRITE 0x40u
#define ERROR_INVALID_ADDRESS 487
LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect);
BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType);
BOOL VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect);
/* One-time initialization, as in synchapi.h (learn.microsoft.com: "InitOnceExecuteOnce
 * function", "PINIT_ONCE_FN callback function"): one caller runs InitFn while the others wait;
 * TRUE marks the block done for every caller, with InitFn's context; FALSE fails only that
 * caller and leaves the block for the next to try.  driver-stub/ws2/once_calls.c. */
typedef union _RTL_RUN_ONCE {
    PVOID Ptr;
} INIT_ONCE, *PINIT_ONCE, *LPINIT_ONCE;
#define INIT_ONCE_STATIC_INIT                                                                                          \
    { 0 }
#define INIT_ONCE_CTX_RESERVED_BITS 2
typedef BOOL(WINAPI *PINIT_ONCE_FN)(PINIT_ONCE InitOnce, PVOID Parameter, PVOID *Context);
void InitOnceInitialize(PINIT_ONCE InitOnce);
BOOL InitOnceExecuteOnce(PINIT_ONCE InitOnce, PINIT_ONCE_FN InitFn, PVOID Parameter, LPVOID *Context);
/* Timer-queue timers, as in threadpoollegacyapiset.h (learn.microsoft.com: "CreateTimerQueueTimer
 * function", "ChangeTimerQueueTimer function", "DeleteTimerQueueTimer function", "CreateTimerQueue
 * function", "DeleteTimerQueueEx function"): Callback(Parameter, TRUE) on a thread of the pool
 * DueTime ms from now and then every Period ms (0: once; WT_EXECUTEONLYONCE asks for Period 0);
 * the WT_* flags choose threads the model does not tell apart.  DeleteTimerQueueTimer with
 * INVALID_HANDLE_VALUE waits for running callbacks, with an event sets it when they are done,
 * with NULL returns at once and fails with ERROR_IO_PENDING while one is outstanding.  The
 * default queue is NULL.  driver-stub/ws2/threadpool_calls.c. */
typedef void(CALLBACK *WAITORTIMERCALLBACK)(PVOID lpParameter, BOOLEAN TimerOrWaitFired);
typedef HANDLE *PHANDLE;
#define WT_EXECUTEDEFAULT 0x00000000u
#define WT_EXECUTEINTIMERTHREAD 0x00000020u
#define WT_EXECUTEINIOTHREAD 0x00000001u
#define WT_EXECUTELONGFUNCTION 0x00000010u
#define WT_EXECUTEONLYONCE 0x00000008u
HANDLE CreateTimerQueue(void);
BOOL CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue, WAITORTIMERCALLBACK Callback, PVOID Parameter,
                           DWORD DueTime, DWORD Period, ULONG Flags);
BOOL ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period);
BOOL DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent);
BOOL DeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent);
/* The legacy pool's waits and work, as in threadpoollegacyapiset.h (learn.microsoft.com:
 * "RegisterWaitForSingleObject function", "UnregisterWaitEx function", "UnregisterWait
 * function", "QueueUserWorkItem function"): Callback(Context, FALSE) on a pool thread when
 * hObject is signalled (an auto-reset event is reset as a wait resets it), Callback(Context,
 * TRUE) when dwMilliseconds pass first; the wait goes on, its time-out restarted, until
 * unregistered, unless WT_EXECUTEONLYONCE; WT_EXECUTEINWAITTHREAD runs the callback on the wait
 * thread.  hObject an event, semaphore or thread (a mutex is not supported: a finding), else
 * ERROR_INVALID_HANDLE.  UnregisterWaitEx with INVALID_HANDLE_VALUE waits for the callbacks
 * queued or running; otherwise it fails with ERROR_IO_PENDING while one remains (an event is
 * then set once they are done).  QueueUserWorkItem runs Function(Context) once on a pool
 * thread.  driver-stub/ws2/threadpool_calls.c. */
#define WT_EXECUTEINWAITTHREAD 0x00000004u
#define WT_EXECUTEINPERSISTENTTHREAD 0x00000080u
BOOL RegisterWaitForSingleObject(PHANDLE phNewWaitObject, HANDLE hObject, WAITORTIMERCALLBACK Callback, PVOID Context,
                                 ULONG dwMilliseconds, ULONG dwFlags);
BOOL UnregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent);
BOOL UnregisterWait(HANDLE WaitHandle);
BOOL QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags);
/* Waitable timers, as in synchapi.h (learn.microsoft.com: "CreateWaitableTimerW function",
 * "SetWaitableTimer function", "CancelWaitableTimer function"): an object the wait calls take,
 * signalled when due (lpDueTime negative: relative, 100 ns units; positive: an absolute FILETIME)
 * and every lPeriod ms after; manual reset (notification) or reset by a satisfied wait
 * (synchronization); the completion routine runs as an APC in the setting thread's next
 * alertable wait.  Names are not supported (ERROR_NOT_SUPPORTED).  Closed with CloseHandle.
 * driver-stub/ws2/waitable_timer_calls.c. */
typedef void(CALLBACK *PTIMERAPCROUTINE)(LPVOID lpArgToCompletionRoutine, DWORD dwTimerLowValue,
                                         DWORD dwTimerHighValue);
#define CREATE_WAITABLE_TIMER_MANUAL_RESET 0x00000001u
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x00000002u
HANDLE CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset, LPCSTR lpTimerName);
HANDLE CreateWaitableTimerW(LPSECURITY_ATTRIBUTES lpTimerAttributes, BOOL bManualReset, LPCWSTR lpTimerName);
HANDLE CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES lpTimerAttributes, LPCWSTR lpTimerName, DWORD dwFlags,
                              DWORD dwDesiredAccess);
BOOL SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER *lpDueTime, LONG lPeriod,
                      PTIMERAPCROUTINE pfnCompletionRoutine, LPVOID lpArgToCompletionRoutine, BOOL fResume);
BOOL CancelWaitableTimer(HANDLE hTimer);
#ifdef UNICODE
#define CreateWaitableTimer CreateWaitableTimerW
#else
#define CreateWaitableTimer CreateWaitableTimerA
#endif
/* A service's start-up, as in winsvc.h (learn.microsoft.com: "StartServiceCtrlDispatcherA
 * function", "RegisterServiceCtrlHandlerExA function", "SetServiceStatus function"): the model has
 * no service control manager, so a program is always run as a console program: the dispatcher
 * fails with ERROR_FAILED_SERVICE_CONTROLLER_CONNECT, a handler is not registered (NULL,
 * ERROR_SERVICE_NOT_IN_EXE) and SetServiceStatus fails with ERROR_INVALID_HANDLE.
 * driver-stub/ws2/service_calls.c. */
#define ERROR_SERVICE_NOT_IN_EXE 1083
#define ERROR_FAILED_SERVICE_CONTROLLER_CONNECT 1063
#define ERROR_INVALID_DATA 13
#define SERVICE_WIN32_OWN_PROCESS 0x00000010u
#define SERVICE_STOPPED 0x00000001u
#define SERVICE_START_PENDING 0x00000002u
#define SERVICE_STOP_PENDING 0x00000003u
#define SERVICE_RUNNING 0x00000004u
#define SERVICE_ACCEPT_STOP 0x00000001u
#define SERVICE_ACCEPT_SHUTDOWN 0x00000004u
#define SERVICE_CONTROL_STOP 0x00000001u
#define SERVICE_CONTROL_INTERROGATE 0x00000004u
#define SERVICE_CONTROL_SHUTDOWN 0x00000005u
typedef struct SERVICE_STATUS_HANDLE__ *SERVICE_STATUS_HANDLE;
typedef struct _SERVICE_STATUS {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
} SERVICE_STATUS, *LPSERVICE_STATUS;
typedef void(WINAPI *LPSERVICE_MAIN_FUNCTIONA)(DWORD dwNumServicesArgs, LPSTR *lpServiceArgVectors);
typedef void(WINAPI *LPSERVICE_MAIN_FUNCTIONW)(DWORD dwNumServicesArgs, LPWSTR *lpServiceArgVectors);
typedef struct _SERVICE_TABLE_ENTRYA {
    LPSTR lpServiceName;
    LPSERVICE_MAIN_FUNCTIONA lpServiceProc;
} SERVICE_TABLE_ENTRYA, *LPSERVICE_TABLE_ENTRYA;
typedef struct _SERVICE_TABLE_ENTRYW {
    LPWSTR lpServiceName;
    LPSERVICE_MAIN_FUNCTIONW lpServiceProc;
} SERVICE_TABLE_ENTRYW, *LPSERVICE_TABLE_ENTRYW;
typedef void(WINAPI *LPHANDLER_FUNCTION)(DWORD dwControl);
typedef DWORD(WINAPI *LPHANDLER_FUNCTION_EX)(DWORD dwControl, DWORD dwEventType, LPVOID lpEventData, LPVOID lpContext);
BOOL StartServiceCtrlDispatcherA(const SERVICE_TABLE_ENTRYA *lpServiceStartTable);
BOOL StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *lpServiceStartTable);
SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerA(LPCSTR lpServiceName, LPHANDLER_FUNCTION lpHandlerProc);
SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerW(LPCWSTR lpServiceName, LPHANDLER_FUNCTION lpHandlerProc);
SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerExA(LPCSTR lpServiceName, LPHANDLER_FUNCTION_EX lpHandlerProc,
                                                    LPVOID lpContext);
SERVICE_STATUS_HANDLE RegisterServiceCtrlHandlerExW(LPCWSTR lpServiceName, LPHANDLER_FUNCTION_EX lpHandlerProc,
                                                    LPVOID lpContext);
BOOL SetServiceStatus(SERVICE_STATUS_HANDLE hServiceStatus, LPSERVICE_STATUS lpServiceStatus);
/* The registry, as in winreg.h (learn.microsoft.com: "RegOpenKeyExA function", "RegCreateKeyExA
 * function", "RegQueryValueExA function", "RegSetValueExA function", "RegDeleteKeyA function",
 * "RegDeleteValueA function", "RegCloseKey function"): the calls return their error code.  The
 * model's registry is the process's, in memory and empty at start (a fresh machine's view of a
 * vendor's keys): RegOpenKeyEx of a key not there is ERROR_FILE_NOT_FOUND, RegCreateKeyEx makes
 * it and its path, RegQueryValueEx answers ERROR_MORE_DATA and the size needed for a buffer too
 * small.  Text values are kept as UTF-16: the A calls convert them from and to the code page, so a
 * value set with RegSetValueExW reads back through RegQueryValueExA as ANSI text of its own size
 * (the RegQueryValueExA page).  A handle allows what it was opened for: a value set through a
 * KEY_READ handle is ERROR_ACCESS_DENIED.  Other security, views and notifications are not
 * modelled.
 * driver-stub/ws2/registry_calls.c. */
typedef struct HKEY__ *HKEY, **PHKEY;
typedef LONG LSTATUS;
typedef DWORD REGSAM;
#define HKEY_CLASSES_ROOT ((HKEY)(ULONG_PTR)(LONG)0x80000000)
#define HKEY_CURRENT_USER ((HKEY)(ULONG_PTR)(LONG)0x80000001)
#define HKEY_LOCAL_MACHINE ((HKEY)(ULONG_PTR)(LONG)0x80000002)
#define HKEY_USERS ((HKEY)(ULONG_PTR)(LONG)0x80000003)
#define KEY_QUERY_VALUE 0x0001u
#define KEY_SET_VALUE 0x0002u
#define KEY_CREATE_SUB_KEY 0x0004u
#define KEY_ENUMERATE_SUB_KEYS 0x0008u
#define KEY_NOTIFY 0x0010u
#define KEY_EXECUTE 0x20019u
#define MAXIMUM_ALLOWED 0x02000000u
#define GENERIC_ALL 0x10000000u
#define KEY_READ 0x20019u
#define KEY_WRITE 0x20006u
#define KEY_ALL_ACCESS 0xF003Fu
#define REG_OPTION_NON_VOLATILE 0x00000000u
#define REG_CREATED_NEW_KEY 0x00000001u
#define REG_OPENED_EXISTING_KEY 0x00000002u
#define REG_NONE 0u
#define REG_SZ 1u
#define REG_EXPAND_SZ 2u
#define REG_BINARY 3u
#define REG_DWORD 4u
#define REG_MULTI_SZ 7u
#define REG_QWORD 11u
#define ERROR_KEY_DELETED 1018
LSTATUS RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult);
LSTATUS RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD Reserved, LPSTR lpClass, DWORD dwOptions, REGSAM samDesired,
                        LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult, LPDWORD lpdwDisposition);
LSTATUS RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                         LPDWORD lpcbData);
LSTATUS RegSetValueExA(HKEY hKey, LPCSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData, DWORD cbData);
LSTATUS RegDeleteValueA(HKEY hKey, LPCSTR lpValueName);
LSTATUS RegDeleteKeyA(HKEY hKey, LPCSTR lpSubKey);
LSTATUS RegCloseKey(HKEY hKey);
LSTATUS RegOpenKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult);
LSTATUS RegCreateKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD Reserved, LPWSTR lpClass, DWORD dwOptions, REGSAM samDesired,
                        LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult, LPDWORD lpdwDisposition);
LSTATUS RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                         LPDWORD lpcbData);
LSTATUS RegSetValueExW(HKEY hKey, LPCWSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData, DWORD cbData);
LSTATUS RegDeleteValueW(HKEY hKey, LPCWSTR lpValueName);
LSTATUS RegDeleteKeyW(HKEY hKey, LPCWSTR lpSubKey);
/* Enumeration ("RegEnumKeyExA function", "RegEnumValueA function", "RegQueryInfoKeyA function"):
 * by index from 0 until ERROR_NO_MORE_ITEMS (259), in an order the pages leave open (the model's:
 * subkeys by name without regard to case, values as they were first set); a name buffer too small
 * is ERROR_MORE_DATA, a data buffer too small ERROR_MORE_DATA with the size needed; enumerating
 * subkeys needs KEY_ENUMERATE_SUB_KEYS, values and the key's counts KEY_QUERY_VALUE.  Sizes of names
 * in characters without the terminator.  Keys have no class (an empty one). */
LSTATUS RegEnumKeyExA(HKEY hKey, DWORD dwIndex, LPSTR lpName, LPDWORD lpcchName, LPDWORD lpReserved, LPSTR lpClass,
                      LPDWORD lpcchClass, PFILETIME lpftLastWriteTime);
LSTATUS RegEnumKeyExW(HKEY hKey, DWORD dwIndex, LPWSTR lpName, LPDWORD lpcchName, LPDWORD lpReserved, LPWSTR lpClass,
                      LPDWORD lpcchClass, PFILETIME lpftLastWriteTime);
LSTATUS RegEnumValueA(HKEY hKey, DWORD dwIndex, LPSTR lpValueName, LPDWORD lpcchValueName, LPDWORD lpReserved,
                      LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData);
LSTATUS RegEnumValueW(HKEY hKey, DWORD dwIndex, LPWSTR lpValueName, LPDWORD lpcchValueName, LPDWORD lpReserved,
                      LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData);
LSTATUS RegQueryInfoKeyA(HKEY hKey, LPSTR lpClass, LPDWORD lpcchClass, LPDWORD lpReserved, LPDWORD lpcSubKeys,
                         LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen, LPDWORD lpcValues,
                         LPDWORD lpcbMaxValueNameLen, LPDWORD lpcbMaxValueLen, LPDWORD lpcbSecurityDescriptor,
                         PFILETIME lpftLastWriteTime);
LSTATUS RegQueryInfoKeyW(HKEY hKey, LPWSTR lpClass, LPDWORD lpcchClass, LPDWORD lpReserved, LPDWORD lpcSubKeys,
                         LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen, LPDWORD lpcValues,
                         LPDWORD lpcbMaxValueNameLen, LPDWORD lpcbMaxValueLen, LPDWORD lpcbSecurityDescriptor,
                         PFILETIME lpftLastWriteTime);
/* RegGetValue ("RegGetValueA function"): a value of hkey or of its subkey lpSubKey, its type
 * restricted by the RRF_RT_ flags (ERROR_UNSUPPORTED_TYPE for another, and for no flag at all;
 * RRF_RT_REG_EXPAND_SZ alone without RRF_NOEXPAND is ERROR_INVALID_PARAMETER); a REG_EXPAND_SZ is
 * expanded and given as REG_SZ unless RRF_NOEXPAND; text always ends with its terminator; pvData
 * NULL asks for the size, a buffer too small is ERROR_MORE_DATA with the size needed, and with
 * RRF_ZEROONFAILURE a failed call zeroes the buffer. */
#define RRF_RT_REG_NONE 0x00000001u
#define RRF_RT_REG_SZ 0x00000002u
#define RRF_RT_REG_EXPAND_SZ 0x00000004u
#define RRF_RT_REG_BINARY 0x00000008u
#define RRF_RT_REG_DWORD 0x00000010u
#define RRF_RT_REG_MULTI_SZ 0x00000020u
#define RRF_RT_REG_QWORD 0x00000040u
#define RRF_RT_DWORD (RRF_RT_REG_BINARY | RRF_RT_REG_DWORD)
#define RRF_RT_QWORD (RRF_RT_REG_BINARY | RRF_RT_REG_QWORD)
#define RRF_RT_ANY 0x0000ffffu
#define RRF_NOEXPAND 0x10000000u
#define RRF_ZEROONFAILURE 0x20000000u
#define ERROR_DATATYPE_MISMATCH 1629
#define ERROR_UNSUPPORTED_TYPE 1630
LSTATUS RegGetValueA(HKEY hkey, LPCSTR lpSubKey, LPCSTR lpValue, DWORD dwFlags, LPDWORD pdwType, PVOID pvData,
                     LPDWORD pcbData);
LSTATUS RegGetValueW(HKEY hkey, LPCWSTR lpSubKey, LPCWSTR lpValue, DWORD dwFlags, LPDWORD pdwType, PVOID pvData,
                     LPDWORD pcbData);
#ifdef UNICODE
#define RegGetValue RegGetValueW
#else
#define RegGetValue RegGetValueA
#endif
#ifdef UNICODE
#define RegEnumKeyEx RegEnumKeyExW
#define RegEnumValue RegEnumValueW
#define RegQueryInfoKey RegQueryInfoKeyW
#else
#define RegEnumKeyEx RegEnumKeyExA
#define RegEnumValue RegEnumValueA
#define RegQueryInfoKey RegQueryInfoKeyA
#endif
#ifdef UNICODE
#define RegOpenKeyEx RegOpenKeyExW
#define RegCreateKeyEx RegCreateKeyExW
#define RegQueryValueEx RegQueryValueExW
#define RegSetValueEx RegSetValueExW
#define RegDeleteValue RegDeleteValueW
#define RegDeleteKey RegDeleteKeyW
#else
#define RegOpenKeyEx RegOpenKeyExA
#define RegCreateKeyEx RegCreateKeyExA
#define RegQueryValueEx RegQueryValueExA
#define RegSetValueEx RegSetValueExA
#define RegDeleteValue RegDeleteValueA
#define RegDeleteKey RegDeleteKeyA
#endif
#ifdef UNICODE
#define SERVICE_TABLE_ENTRY SERVICE_TABLE_ENTRYW
#define StartServiceCtrlDispatcher StartServiceCtrlDispatcherW
#define RegisterServiceCtrlHandler RegisterServiceCtrlHandlerW
#define RegisterServiceCtrlHandlerEx RegisterServiceCtrlHandlerExW
#else
#define SERVICE_TABLE_ENTRY SERVICE_TABLE_ENTRYA
#define StartServiceCtrlDispatcher StartServiceCtrlDispatcherA
#define RegisterServiceCtrlHandler RegisterServiceCtrlHandlerA
#define RegisterServiceCtrlHandlerEx RegisterServiceCtrlHandlerExA
#endif
/* ReadFile and WriteFile, on sockets and on files, and the fileapi.h, processenv.h and
 * consoleapi.h calls around them (learn.microsoft.com: "ReadFile function", "WriteFile
 * function", "CreateFileA function", "GetStdHandle function", "WriteConsole function",
 * "GetFileType function", "GetFileSizeEx function", "SetFilePointerEx function",
 * "FlushFileBuffers function", "DeleteFileA function").  On a socket, ReadFile and WriteFile are
 * a receive and a send without flags: overlapped the same way (event, completion port, the
 * event's low bit), and a failure is the Win32 code of the stack's status, as GetOverlappedResult
 * gives it (a reset connection ERROR_NETNAME_DELETED, a send after shutdown
 * ERROR_PIPE_NOT_CONNECTED); without an OVERLAPPED the call waits for its I/O, on a non-blocking
 * socket too.  The byte count is zeroed before anything else; a synchronous read at the
 * end of a file or of a gracefully closed connection is TRUE with 0 bytes, an overlapped read
 * at the end of a file FALSE with ERROR_HANDLE_EOF.  CreateFile on the model opens the host's
 * file (a backslash is a slash; share modes and attributes are not modelled); CREATE_ALWAYS and
 * OPEN_ALWAYS on an existing file succeed with ERROR_ALREADY_EXISTS, CREATE_NEW fails with
 * ERROR_FILE_EXISTS.  Overlapped file I/O completes before the call returns (TRUE), at the
 * OVERLAPPED's offset.  WriteConsoleA fails with ERROR_INVALID_HANDLE unless the handle is a
 * console (a terminal); GetFileType answers FILE_TYPE_PIPE for a socket.
 * driver-stub/ws2/file_calls.c. */
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_PATH_NOT_FOUND 3
#define ERROR_TOO_MANY_OPEN_FILES 4
#define ERROR_NOT_READY 21
#define ERROR_HANDLE_EOF 38
#define ERROR_FILE_EXISTS 80
#define ERROR_SEM_TIMEOUT 121
#define ERROR_NEGATIVE_SEEK 131
#define ERROR_PIPE_NOT_CONNECTED 233
#define ERROR_CONNECTION_REFUSED 1225
#define ERROR_CONNECTION_INVALID 1229
#define ERROR_CONNECTION_ABORTED 1236
#define ERROR_NO_SYSTEM_RESOURCES 1450
#define GENERIC_READ 0x80000000u
#define GENERIC_WRITE 0x40000000u
#define FILE_READ_DATA 0x0001u
#define FILE_WRITE_DATA 0x0002u
#define FILE_APPEND_DATA 0x0004u
#define FILE_SHARE_READ 0x00000001u
#define FILE_SHARE_WRITE 0x00000002u
#define FILE_SHARE_DELETE 0x00000004u
#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5
#define FILE_ATTRIBUTE_NORMAL 0x00000080u
#define FILE_FLAG_OVERLAPPED 0x40000000u
#define FILE_BEGIN 0
#define FILE_CURRENT 1
#define FILE_END 2
#define FILE_TYPE_UNKNOWN 0x0000
#define FILE_TYPE_DISK 0x0001
#define FILE_TYPE_CHAR 0x0002
#define FILE_TYPE_PIPE 0x0003
#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)
HANDLE CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                   LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                   HANDLE hTemplateFile);
HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                   LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                   HANDLE hTemplateFile);
BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
              LPOVERLAPPED lpOverlapped);
BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite, LPDWORD lpNumberOfBytesWritten,
               LPOVERLAPPED lpOverlapped);
HANDLE GetStdHandle(DWORD nStdHandle);
BOOL WriteConsoleA(HANDLE hConsoleOutput, const void *lpBuffer, DWORD nNumberOfCharsToWrite,
                   LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved);
DWORD GetFileType(HANDLE hFile);
BOOL GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize);
BOOL SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
                      DWORD dwMoveMethod);
BOOL FlushFileBuffers(HANDLE hFile);
BOOL DeleteFileA(LPCSTR lpFileName);
BOOL DeleteFileW(LPCWSTR lpFileName);
/* The older calls ("GetFileSize function", "SetFilePointer function"): INVALID_FILE_SIZE and
 * INVALID_SET_FILE_POINTER on failure, with NO_ERROR as the last error on a success whose low
 * part is that value; and the folder calls ("GetFileAttributesA function", "CreateDirectoryA
 * function", "RemoveDirectoryA function").  ws2/file_calls.c. */
#define INVALID_FILE_SIZE ((DWORD)0xFFFFFFFF)
#define INVALID_SET_FILE_POINTER ((DWORD)-1)
#define INVALID_FILE_ATTRIBUTES ((DWORD)-1)
#define FILE_ATTRIBUTE_READONLY 0x00000001u
#define FILE_ATTRIBUTE_HIDDEN 0x00000002u
#define FILE_ATTRIBUTE_DIRECTORY 0x00000010u
#define FILE_ATTRIBUTE_ARCHIVE 0x00000020u
#define ERROR_DIR_NOT_EMPTY 145
#define ERROR_DIRECTORY 267
DWORD GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh);
DWORD SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod);
DWORD GetFileAttributesA(LPCSTR lpFileName);
DWORD GetFileAttributesW(LPCWSTR lpFileName);
BOOL CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes);
BOOL CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes);
BOOL RemoveDirectoryA(LPCSTR lpPathName);
BOOL RemoveDirectoryW(LPCWSTR lpPathName);
#ifdef UNICODE
#define CreateFile CreateFileW
#define DeleteFile DeleteFileW
#define GetFileAttributes GetFileAttributesW
#define CreateDirectory CreateDirectoryW
#define RemoveDirectory RemoveDirectoryW
#else
#define CreateFile CreateFileA
#define DeleteFile DeleteFileA
#define GetFileAttributes GetFileAttributesA
#define CreateDirectory CreateDirectoryA
#define RemoveDirectory RemoveDirectoryA
#endif
#define WriteConsole WriteConsoleA /* the model has no UTF-16 console text: A only */
/* The console's modes, screen and title, as in consoleapi.h and wincon.h (learn.microsoft.com:
 * "GetConsoleMode function", "SetConsoleMode function", "GetConsoleScreenBufferInfo function",
 * "SetConsoleTextAttribute function", "SetConsoleTitle function", "FlushConsoleInputBuffer
 * function").  A console handle is a handle on a terminal (a standard handle not redirected);
 * any other handle is refused with ERROR_INVALID_HANDLE, which is how a program tells that its
 * output is redirected.  A new
 * console's modes: every input mode but ENABLE_WINDOW_INPUT and ENABLE_VIRTUAL_TERMINAL_INPUT,
 * and ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT; a mode bit of neither list is
 * ERROR_INVALID_PARAMETER.  driver-stub/ws2/console_screen_calls.c. */
typedef int16_t SHORT;
typedef struct _COORD {
    SHORT X, Y;
} COORD, *PCOORD;
typedef struct _SMALL_RECT {
    SHORT Left, Top, Right, Bottom;
} SMALL_RECT, *PSMALL_RECT;
typedef struct _CONSOLE_SCREEN_BUFFER_INFO {
    COORD dwSize;
    COORD dwCursorPosition;
    WORD wAttributes;
    SMALL_RECT srWindow;
    COORD dwMaximumWindowSize;
} CONSOLE_SCREEN_BUFFER_INFO, *PCONSOLE_SCREEN_BUFFER_INFO;
#define FOREGROUND_BLUE 0x0001
#define FOREGROUND_GREEN 0x0002
#define FOREGROUND_RED 0x0004
#define FOREGROUND_INTENSITY 0x0008
#define BACKGROUND_BLUE 0x0010
#define BACKGROUND_GREEN 0x0020
#define BACKGROUND_RED 0x0040
#define BACKGROUND_INTENSITY 0x0080
#define ENABLE_PROCESSED_INPUT 0x0001
#define ENABLE_LINE_INPUT 0x0002
#define ENABLE_ECHO_INPUT 0x0004
#define ENABLE_WINDOW_INPUT 0x0008
#define ENABLE_MOUSE_INPUT 0x0010
#define ENABLE_INSERT_MODE 0x0020
#define ENABLE_QUICK_EDIT_MODE 0x0040
#define ENABLE_EXTENDED_FLAGS 0x0080
#define ENABLE_AUTO_POSITION 0x0100
#define ENABLE_VIRTUAL_TERMINAL_INPUT 0x0200
#define ENABLE_PROCESSED_OUTPUT 0x0001
#define ENABLE_WRAP_AT_EOL_OUTPUT 0x0002
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#define DISABLE_NEWLINE_AUTO_RETURN 0x0008
#define ENABLE_LVB_GRID_WORLDWIDE 0x0010
#define ERROR_WRITE_FAULT 29 /* SetConsoleTextAttribute: the terminal took no colour change */
BOOL GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode);
BOOL SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode);
BOOL GetConsoleScreenBufferInfo(HANDLE hConsoleOutput, PCONSOLE_SCREEN_BUFFER_INFO lpConsoleScreenBufferInfo);
BOOL SetConsoleTextAttribute(HANDLE hConsoleOutput, WORD wAttributes);
BOOL SetConsoleTitleA(LPCSTR lpConsoleTitle);
BOOL SetConsoleTitleW(LPCWSTR lpConsoleTitle);
BOOL FlushConsoleInputBuffer(HANDLE hConsoleInput);
#ifdef UNICODE
#define SetConsoleTitle SetConsoleTitleW
#else
#define SetConsoleTitle SetConsoleTitleA
#endif
/* A recursive lock, as on Windows: the owning thread may enter again. */
typedef struct _RTL_CRITICAL_SECTION {
    void *impl; /* the model's lock, made by InitializeCriticalSection */
    LONG RecursionCount;
    DWORD SpinCount;
} CRITICAL_SECTION, *LPCRITICAL_SECTION;
void InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount);
void EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
BOOL TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
void LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
void DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
typedef CRITICAL_SECTION *PCRITICAL_SECTION;
/* Slim reader/writer locks and condition variables, as in synchapi.h (learn.microsoft.com:
 * "Slim Reader/Writer (SRW) Locks", "Condition Variables", "SleepConditionVariableSRW").  Each
 * is one pointer, ready when all zero (SRWLOCK_INIT, CONDITION_VARIABLE_INIT), never freed.
 * An SRW lock is neither recursive nor owned: blocked on it a thread waits like one blocked on
 * a critical section.  A sleep on a condition variable is a wait of the model, like
 * WaitForSingleObject: under the virtual clock one that nothing can end times out at once
 * (FALSE, ERROR_TIMEOUT), an infinite one is a deadlock finding; a thread the program started
 * makes it real.  WakeConditionVariable wakes the longest sleeper. */
typedef struct _RTL_SRWLOCK {
    PVOID Ptr;
} SRWLOCK, *PSRWLOCK;
#define RTL_SRWLOCK_INIT                                                                                               \
    { 0 }
#define SRWLOCK_INIT RTL_SRWLOCK_INIT
typedef struct _RTL_CONDITION_VARIABLE {
    PVOID Ptr;
} CONDITION_VARIABLE, *PCONDITION_VARIABLE;
#define RTL_CONDITION_VARIABLE_INIT                                                                                    \
    { 0 }
#define CONDITION_VARIABLE_INIT RTL_CONDITION_VARIABLE_INIT
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1
#define ERROR_TIMEOUT 1460
void InitializeSRWLock(PSRWLOCK SRWLock);
void AcquireSRWLockExclusive(PSRWLOCK SRWLock);
void AcquireSRWLockShared(PSRWLOCK SRWLock);
void ReleaseSRWLockExclusive(PSRWLOCK SRWLock);
void ReleaseSRWLockShared(PSRWLOCK SRWLock);
BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK SRWLock);
BOOLEAN TryAcquireSRWLockShared(PSRWLOCK SRWLock);
void InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
BOOL SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable, PCRITICAL_SECTION CriticalSection,
                              DWORD dwMilliseconds);
BOOL SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock, DWORD dwMilliseconds,
                               ULONG Flags);
void WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable);
void WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable);
/* Interlocked*: the winnt.h calls on LONG, LONG64 and pointers, full barriers as on Windows
 * (learn.microsoft.com: "InterlockedIncrement", "InterlockedCompareExchange", ...), with C11
 * atomics, which wrap as Windows does (the new value is computed unsigned).  The one
 * definition: wfpcert/wdk/wdm.h includes this header and adds only the kernel's extras
 * (InterlockedAdd, InterlockedOr, ...); on Windows winnt.h has them. */
#include <stdatomic.h>
#define WFPCERT_ATOMIC(t, p) ((_Atomic t volatile *)(p))
static inline LONG InterlockedIncrement(LONG volatile *Addend) {
    return (LONG)((ULONG)atomic_fetch_add(WFPCERT_ATOMIC(LONG, Addend), 1) + 1u);
}
static inline LONG InterlockedDecrement(LONG volatile *Addend) {
    return (LONG)((ULONG)atomic_fetch_sub(WFPCERT_ATOMIC(LONG, Addend), 1) - 1u);
}
static inline LONG InterlockedExchange(LONG volatile *Target, LONG Value) {
    return atomic_exchange(WFPCERT_ATOMIC(LONG, Target), Value);
}
static inline LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value) {
    return atomic_fetch_add(WFPCERT_ATOMIC(LONG, Addend), Value);
}
static inline LONG InterlockedCompareExchange(LONG volatile *Destination, LONG ExChange, LONG Comperand) {
    atomic_compare_exchange_strong(WFPCERT_ATOMIC(LONG, Destination), &Comperand, ExChange);
    return Comperand; /* the initial value, whether or not it was replaced */
}
static inline LONGLONG InterlockedIncrement64(LONGLONG volatile *Addend) {
    return (LONGLONG)((ULONGLONG)atomic_fetch_add(WFPCERT_ATOMIC(LONGLONG, Addend), 1) + 1u);
}
static inline LONGLONG InterlockedDecrement64(LONGLONG volatile *Addend) {
    return (LONGLONG)((ULONGLONG)atomic_fetch_sub(WFPCERT_ATOMIC(LONGLONG, Addend), 1) - 1u);
}
static inline LONGLONG InterlockedExchange64(LONGLONG volatile *Target, LONGLONG Value) {
    return atomic_exchange(WFPCERT_ATOMIC(LONGLONG, Target), Value);
}
static inline LONGLONG InterlockedExchangeAdd64(LONGLONG volatile *Addend, LONGLONG Value) {
    return atomic_fetch_add(WFPCERT_ATOMIC(LONGLONG, Addend), Value);
}
static inline LONGLONG InterlockedCompareExchange64(LONGLONG volatile *Destination, LONGLONG ExChange,
                                                    LONGLONG Comperand) {
    atomic_compare_exchange_strong(WFPCERT_ATOMIC(LONGLONG, Destination), &Comperand, ExChange);
    return Comperand;
}
static inline PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value) {
    return atomic_exchange(WFPCERT_ATOMIC(PVOID, Target), Value);
}
static inline PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange, PVOID Comperand) {
    atomic_compare_exchange_strong(WFPCERT_ATOMIC(PVOID, Destination), &Comperand, Exchange);
    return Comperand;
}
/* inet_ntop: the text of an IPv4 or IPv6 address (RFC 5952 form), NULL with WSAEINVAL for
 * another family and ERROR_INVALID_PARAMETER when size is too small. */
const char *inet_ntop(int family, const void *pAddr, char *pStringBuf, size_t StringBufSize);

/* getaddrinfo for the names a redirect service resolves on the model: numeric addresses and
 * "localhost" (a model world has no DNS); any other name is WSAHOST_NOT_FOUND, which the
 * service sees as on a machine that cannot resolve it.  ws2tcpip.h's ADDRINFOA. */
#define AI_PASSIVE 0x01
#define AI_CANONNAME 0x02
#define AI_NUMERICHOST 0x04
#define AI_NUMERICSERV 0x08
#define WSAHOST_NOT_FOUND 11001
#define EAI_NONAME WSAHOST_NOT_FOUND
#define EAI_FAMILY WSAEAFNOSUPPORT
#define EAI_SERVICE WSATYPE_NOT_FOUND
#define EAI_FAIL WSANO_RECOVERY
#define EAI_MEMORY WSA_NOT_ENOUGH_MEMORY
#define WSATYPE_NOT_FOUND 10109
#define WSANO_RECOVERY 11003
typedef struct addrinfo {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    size_t ai_addrlen;
    char *ai_canonname;
    struct sockaddr *ai_addr;
    struct addrinfo *ai_next;
} ADDRINFOA, *PADDRINFOA;
int getaddrinfo(const char *pNodeName, const char *pServiceName, const ADDRINFOA *pHints, PADDRINFOA *ppResult);
void freeaddrinfo(PADDRINFOA pAddrInfo);

/* Address text (learn.microsoft.com: "WSAAddressToStringA", "WSAStringToAddressA", "getnameinfo
 * function", "gethostbyname function"), for numeric addresses; the only name is "localhost"
 * (a model world has no DNS: gethostbyname of another name is NULL with WSAHOST_NOT_FOUND,
 * getnameinfo gives the numeric text, or EAI_NONAME with NI_NAMEREQD, and never a service
 * name).  IPv4 "a.b.c.d[:port]", IPv6 "addr[%scope]" or "[addr[%scope]]:port".  The W forms
 * take WCHAR (16-bit) text: on Linux a wide literal L"..." is 32-bit unless the code is built
 * with -fshort-wchar.  driver-stub/ws2/name_calls.c. */
INT WSAAddressToStringA(LPSOCKADDR lpsaAddress, DWORD dwAddressLength, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                        LPSTR lpszAddressString, LPDWORD lpdwAddressStringLength);
INT WSAAddressToStringW(LPSOCKADDR lpsaAddress, DWORD dwAddressLength, LPWSAPROTOCOL_INFOW lpProtocolInfo,
                        LPWSTR lpszAddressString, LPDWORD lpdwAddressStringLength);
INT WSAStringToAddressA(LPSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                        LPSOCKADDR lpAddress, LPINT lpAddressLength);
INT WSAStringToAddressW(LPWSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOW lpProtocolInfo,
                        LPSOCKADDR lpAddress, LPINT lpAddressLength);
#ifdef UNICODE
#define WSAAddressToString WSAAddressToStringW
#define WSAStringToAddress WSAStringToAddressW
#else
#define WSAAddressToString WSAAddressToStringA
#define WSAStringToAddress WSAStringToAddressA
#endif
#define NI_NOFQDN 0x01
#define NI_NUMERICHOST 0x02
#define NI_NAMEREQD 0x04
#define NI_NUMERICSERV 0x08
#define NI_DGRAM 0x10
#define NI_MAXHOST 1025
#define NI_MAXSERV 32
#define EAI_BADFLAGS WSAEINVAL
#define EAI_AGAIN WSATRY_AGAIN
#define getnameinfo wfp_getnameinfo
INT getnameinfo(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PCHAR pNodeBuffer, DWORD NodeBufferSize,
                PCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags);
#define hostent wfp_hostent
#define gethostbyname wfp_gethostbyname
#define gethostbyaddr wfp_gethostbyaddr
typedef struct hostent {
    char *h_name;
    char **h_aliases;
    short h_addrtype;
    short h_length;
    char **h_addr_list;
} HOSTENT, *PHOSTENT, *LPHOSTENT;
#define h_addr h_addr_list[0]
struct hostent *gethostbyname(const char *name);
struct hostent *gethostbyaddr(const char *addr, int len, int type);

/* Winsock 1.1 era calls everyday client code uses (learn.microsoft.com: "inet_addr function",
 * "inet_ntoa function", "getservbyname function", "getprotobyname function", "WSAHtons
 * function"): the BSD dotted forms with octal and hexadecimal parts, INADDR_NONE when the
 * text is no address; the service and protocol entries are a subset of the files Windows
 * ships, per thread; the servent field order is x64's (s_proto before s_port).
 * driver-stub/ws2/classic_calls.c. */
#define WSANO_DATA 11004
#define inet_addr wfp_inet_addr
#define inet_ntoa wfp_inet_ntoa
#define servent wfp_servent
#define protoent wfp_protoent
#define getservbyname wfp_getservbyname
#define getservbyport wfp_getservbyport
#define getprotobyname wfp_getprotobyname
#define getprotobynumber wfp_getprotobynumber
typedef struct servent {
    char *s_name;
    char **s_aliases;
    char *s_proto; /* _WIN64 order: before s_port */
    short s_port;
} SERVENT, *PSERVENT, *LPSERVENT;
typedef struct protoent {
    char *p_name;
    char **p_aliases;
    short p_proto;
} PROTOENT, *PPROTOENT, *LPPROTOENT;
u_long inet_addr(const char *cp);
char *inet_ntoa(struct in_addr in);
struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
struct protoent *getprotobyname(const char *name);
struct protoent *getprotobynumber(int number);
int WSAHtons(SOCKET s, u_short hostshort, u_short *lpnetshort);
int WSAHtonl(SOCKET s, u_long hostlong, u_long *lpnetlong);
int WSANtohs(SOCKET s, u_short netshort, u_short *lphostshort);
int WSANtohl(SOCKET s, u_long netlong, u_long *lphostlong);

/* The local host's name and the UTF-16 twins of the address calls, which Unicode programs
 * (UNICODE defined) reach through the unsuffixed names (learn.microsoft.com: "gethostname
 * function", "GetHostNameW function", "GetAddrInfoW function", "GetNameInfoW function",
 * "InetPtonW function", "InetNtopW function", "gai_strerrorA function", "WSASendDisconnect
 * function", "WSARecvDisconnect function").  The model host is named "wfpcert-host" (the
 * model's choice: Windows gives its computer name); getaddrinfo and gethostbyname resolve that
 * name to the host's address of each family (192.0.2.1, 2001:db8::1).  Text in WCHAR (16-bit
 * code units, the types spelled WCHAR: wfpcert/wdk's PWSTR is wchar_t for L"" literals in driver
 * code); a code unit above 0x7F is no part of any name or address the model knows.
 * driver-stub/ws2/host_calls.c. */
#define gethostname wfp_gethostname
int gethostname(char *name, int namelen);
int GetHostNameW(WCHAR *name, int namelen);
typedef struct addrinfoW {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    size_t ai_addrlen;
    WCHAR *ai_canonname;
    struct sockaddr *ai_addr;
    struct addrinfoW *ai_next;
} ADDRINFOW, *PADDRINFOW;
INT GetAddrInfoW(const WCHAR *pNodeName, const WCHAR *pServiceName, const ADDRINFOW *pHints, PADDRINFOW *ppResult);
void FreeAddrInfoW(PADDRINFOW pAddrInfo);
INT GetNameInfoW(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, WCHAR *pNodeBuffer, DWORD NodeBufferSize,
                 WCHAR *pServiceBuffer, DWORD ServiceBufferSize, INT Flags);
INT InetPtonW(INT Family, const WCHAR *pszAddrString, PVOID pAddrBuf);
const WCHAR *InetNtopW(INT Family, const void *pAddr, WCHAR *pStringBuf, size_t StringBufSize);
#define InetPtonA inet_pton
#define InetNtopA inet_ntop
char *gai_strerrorA(int ecode);
WCHAR *gai_strerrorW(int ecode);
#ifdef UNICODE
#define GetAddrInfo GetAddrInfoW
#define FreeAddrInfo FreeAddrInfoW
#define GetNameInfo GetNameInfoW
#define InetPton InetPtonW
#define InetNtop InetNtopW
#define gai_strerror gai_strerrorW
#else
#define GetAddrInfo getaddrinfo
#define FreeAddrInfo freeaddrinfo
#define GetNameInfo getnameinfo
#define InetPton InetPtonA
#define InetNtop InetNtopA
#define gai_strerror gai_strerrorA
#endif
/* Run-time look-ups, as in libloaderapi.h (learn.microsoft.com: "GetModuleHandleA",
 * "GetProcAddress", "LoadLibraryA", "FreeLibrary"): programs that must also start on older
 * systems find WSAPoll, inet_ntop, QueueUserAPC, GetQueuedCompletionStatusEx ... this way.  The
 * modules are ws2_32.dll, mswsock.dll and kernel32.dll (any case, ".dll" optional) and the
 * program itself (NULL); each exports the model's calls of its DLL.  A module the model does not
 * have: NULL, ERROR_MOD_NOT_FOUND; a name it does not export (or an ordinal): NULL,
 * ERROR_PROC_NOT_FOUND.  No WSAStartup is needed.  driver-stub/ws2/module_calls.c. */
#define ERROR_MOD_NOT_FOUND 126
#define ERROR_PROC_NOT_FOUND 127
#define ERROR_INVALID_ORDINAL 182 /* winerror.h; the model itself answers ordinals with ERROR_PROC_NOT_FOUND */
typedef struct HINSTANCE__ *HINSTANCE;
typedef HINSTANCE HMODULE;
typedef INT_PTR(WINAPI *FARPROC)();
HMODULE GetModuleHandleA(LPCSTR lpModuleName);
HMODULE GetModuleHandleW(LPCWSTR lpModuleName);
HMODULE LoadLibraryA(LPCSTR lpLibFileName);
HMODULE LoadLibraryW(LPCWSTR lpLibFileName);
BOOL FreeLibrary(HMODULE hLibModule);
FARPROC GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
/* The program's own module and command line, as in libloaderapi.h and processenv.h
 * (learn.microsoft.com: "GetModuleFileNameA function", "GetCommandLineA function"): the program's
 * image is its process's in the model (the path its ALE_APP_ID is made from); a buffer too small
 * holds nSize - 1 characters and the terminator, and the call answers nSize with
 * ERROR_INSUFFICIENT_BUFFER.  driver-stub/ws2/module_calls.c, env_calls.c. */
DWORD GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize);
DWORD GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize);
LPSTR GetCommandLineA(void);
LPWSTR GetCommandLineW(void);
#ifdef UNICODE
#define GetModuleFileName GetModuleFileNameW
#define GetCommandLine GetCommandLineW
#else
#define GetModuleFileName GetModuleFileNameA
#define GetCommandLine GetCommandLineA
#endif
#ifdef UNICODE
#define GetModuleHandle GetModuleHandleW
#define LoadLibrary LoadLibraryW
#else
#define GetModuleHandle GetModuleHandleA
#define LoadLibrary LoadLibraryA
#endif
/* The text lengths of ws2ipdef.h and the string types programs spell them with. */
#define INET_ADDRSTRLEN 22
#define INET6_ADDRSTRLEN 65
typedef CHAR *PSTR;
typedef const CHAR *PCSTR;
int WSASendDisconnect(SOCKET s, LPWSABUF lpOutboundDisconnectData);
int WSARecvDisconnect(SOCKET s, LPWSABUF lpInboundDisconnectData);

/* ---------- AcceptEx, ConnectEx, select, WSAPoll, WSAEventSelect, WSAConnect, WSAAccept
 * What redirect services built on completion ports use (issue 13 section 3).  Names, values
 * and signatures as in winsock2.h and mswsock.h (learn.microsoft.com: "AcceptEx function",
 * "ConnectEx", "GetAcceptExSockaddrs", "SOL_SOCKET socket options", "select", "WSAPoll",
 * "WSAConnect", "WSAAccept"); the model's behaviour and its choices where the pages name no
 * error are listed in driver-stub/provider/wsp_ext.c and driver-stub/ws2/wait_calls.c. */
#define PASCAL
typedef void VOID;
typedef short SHORT;
#define SO_UPDATE_ACCEPT_CONTEXT 0x700B
#define SO_UPDATE_CONNECT_CONTEXT 0x7010
#define SO_CONNECT_TIME 0x700C
#define WSAID_ACCEPTEX                                                                                                 \
    {                                                                                                                  \
        0xb5367df1, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 }                                 \
    }
#define WSAID_GETACCEPTEXSOCKADDRS                                                                                     \
    {                                                                                                                  \
        0xb5367df2, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 }                                 \
    }
#define WSAID_CONNECTEX                                                                                                \
    {                                                                                                                  \
        0x25a207b9, 0xddf3, 0x4660, { 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e }                                 \
    }
/* DisconnectEx without TF_REUSE_SOCKET, which the model does not provide (not defined: a
 * compile-time error; its value is refused with WSAEOPNOTSUPP).  driver-stub/provider/wsp_ext.c. */
#define WSAID_DISCONNECTEX                                                                                             \
    {                                                                                                                  \
        0x7fda2e11, 0x8630, 0x436f, { 0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57 }                                 \
    }
typedef BOOL(PASCAL *LPFN_DISCONNECTEX)(SOCKET s, LPOVERLAPPED lpOverlapped, DWORD dwFlags, DWORD dwReserved);
typedef BOOL(PASCAL *LPFN_ACCEPTEX)(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer,
                                    DWORD dwReceiveDataLength, DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
                                    LPDWORD lpdwBytesReceived, LPOVERLAPPED lpOverlapped);
typedef BOOL(PASCAL *LPFN_CONNECTEX)(SOCKET s, const struct sockaddr *name, int namelen, PVOID lpSendBuffer,
                                     DWORD dwSendDataLength, LPDWORD lpdwBytesSent, LPOVERLAPPED lpOverlapped);
typedef VOID(PASCAL *LPFN_GETACCEPTEXSOCKADDRS)(PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                                                DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength,
                                                struct sockaddr **LocalSockaddr, LPINT LocalSockaddrLength,
                                                struct sockaddr **RemoteSockaddr, LPINT RemoteSockaddrLength);
/* TransmitFile (learn.microsoft.com: "TransmitFile function", "TRANSMIT_FILE_BUFFERS"): a file's
 * bytes, after a head and before a tail from memory, on a connected stream socket; the last
 * parameter holds the TF_ flags.  TF_REUSE_SOCKET is left out as for DisconnectEx (the model
 * does not reuse sockets: its value is refused).  driver-stub/provider/wsp_transmit.c. */
#define TF_DISCONNECT 0x01
#define TF_WRITE_BEHIND 0x04
#define TF_USE_DEFAULT_WORKER 0x00
#define TF_USE_SYSTEM_THREAD 0x10
#define TF_USE_KERNEL_APC 0x20
#define WSAID_TRANSMITFILE                                                                                             \
    {                                                                                                                  \
        0xb5367df0, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 }                                 \
    }
typedef struct _TRANSMIT_FILE_BUFFERS {
    LPVOID Head;
    DWORD HeadLength;
    LPVOID Tail;
    DWORD TailLength;
} TRANSMIT_FILE_BUFFERS, *PTRANSMIT_FILE_BUFFERS, *LPTRANSMIT_FILE_BUFFERS;
typedef BOOL(PASCAL *LPFN_TRANSMITFILE)(SOCKET hSocket, HANDLE hFile, DWORD nNumberOfBytesToWrite,
                                        DWORD nNumberOfBytesPerSend, LPOVERLAPPED lpOverlapped,
                                        LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers, DWORD dwReserved);
/* AcceptEx, TransmitFile and GetAcceptExSockaddrs as the functions mswsock.dll exports, for programs linked
 * with Mswsock.lib: the code SIO_GET_EXTENSION_FUNCTION_POINTER gives.  ws2/module_calls.c. */
BOOL PASCAL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                     DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
                     LPOVERLAPPED lpOverlapped);
BOOL PASCAL TransmitFile(SOCKET hSocket, HANDLE hFile, DWORD nNumberOfBytesToWrite, DWORD nNumberOfBytesPerSend,
                         LPOVERLAPPED lpOverlapped, LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers, DWORD dwReserved);
VOID PASCAL GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
                                 DWORD dwRemoteAddressLength, struct sockaddr **LocalSockaddr,
                                 LPINT LocalSockaddrLength, struct sockaddr **RemoteSockaddr,
                                 LPINT RemoteSockaddrLength);

/* select: Winsock's fd_set is a count and an array of sockets (FD_SETSIZE 64 unless the
 * program defines it first); struct timeval is the C library's, used only by value. */
#undef FD_SETSIZE
#undef FD_SET
#undef FD_CLR
#undef FD_ISSET
#undef FD_ZERO
#ifdef WFPCERT_FD_SETSIZE
#define FD_SETSIZE WFPCERT_FD_SETSIZE
#else
#define FD_SETSIZE 64
#endif
#define fd_set wfp_fd_set
#define select wfp_select
#define __WSAFDIsSet wfp_WSAFDIsSet
typedef struct fd_set {
    u_int fd_count;
    SOCKET fd_array[FD_SETSIZE];
} fd_set, FD_SET, *PFD_SET, *LPFD_SET;
int __WSAFDIsSet(SOCKET fd, fd_set *set);
#define FD_ZERO(set) (((fd_set *)(set))->fd_count = 0)
#define FD_ISSET(fd, set) __WSAFDIsSet((SOCKET)(fd), (fd_set *)(set))
#define FD_CLR(fd, set)                                                                                                \
    do {                                                                                                               \
        u_int i_;                                                                                                      \
        for (i_ = 0; i_ < ((fd_set *)(set))->fd_count; i_++)                                                           \
            if (((fd_set *)(set))->fd_array[i_] == (SOCKET)(fd)) {                                                     \
                while (i_ < ((fd_set *)(set))->fd_count - 1) {                                                         \
                    ((fd_set *)(set))->fd_array[i_] = ((fd_set *)(set))->fd_array[i_ + 1];                             \
                    i_++;                                                                                              \
                }                                                                                                      \
                ((fd_set *)(set))->fd_count--;                                                                         \
                break;                                                                                                 \
            }                                                                                                          \
    } while (0)
#define FD_SET(fd, set)                                                                                                \
    do {                                                                                                               \
        u_int i_;                                                                                                      \
        for (i_ = 0; i_ < ((fd_set *)(set))->fd_count; i_++)                                                           \
            if (((fd_set *)(set))->fd_array[i_] == (SOCKET)(fd)) break;                                                \
        if (i_ == ((fd_set *)(set))->fd_count && ((fd_set *)(set))->fd_count < FD_SETSIZE) {                           \
            ((fd_set *)(set))->fd_array[i_] = (SOCKET)(fd);                                                            \
            ((fd_set *)(set))->fd_count++;                                                                             \
        }                                                                                                              \
    } while (0)
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timeval *timeout);

/* WSAPoll: Winsock's values, not the C library's <poll.h> ones (include only one of them). */
#undef POLLRDNORM
#undef POLLRDBAND
#undef POLLIN
#undef POLLPRI
#undef POLLWRNORM
#undef POLLOUT
#undef POLLWRBAND
#undef POLLERR
#undef POLLHUP
#undef POLLNVAL
#define POLLRDNORM 0x0100
#define POLLRDBAND 0x0200
#define POLLIN (POLLRDNORM | POLLRDBAND)
#define POLLPRI 0x0400
#define POLLWRNORM 0x0010
#define POLLOUT (POLLWRNORM)
#define POLLWRBAND 0x0020
#define POLLERR 0x0001
#define POLLHUP 0x0002
#define POLLNVAL 0x0004
#define pollfd wfp_pollfd
typedef struct pollfd {
    SOCKET fd;
    SHORT events;
    SHORT revents;
} WSAPOLLFD, *PWSAPOLLFD, *LPWSAPOLLFD;
int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout);

/* WSAEventSelect and WSAEnumNetworkEvents. */
#define FD_READ_BIT 0
#define FD_WRITE_BIT 1
#define FD_OOB_BIT 2
#define FD_ACCEPT_BIT 3
#define FD_CONNECT_BIT 4
#define FD_CLOSE_BIT 5
#define FD_READ (1 << FD_READ_BIT)
#define FD_WRITE (1 << FD_WRITE_BIT)
#define FD_OOB (1 << FD_OOB_BIT)
#define FD_ACCEPT (1 << FD_ACCEPT_BIT)
#define FD_CONNECT (1 << FD_CONNECT_BIT)
#define FD_CLOSE (1 << FD_CLOSE_BIT)
#define FD_MAX_EVENTS 10
#define FD_ALL_EVENTS ((1 << FD_MAX_EVENTS) - 1)
typedef struct _WSANETWORKEVENTS {
    LONG lNetworkEvents;
    int iErrorCode[FD_MAX_EVENTS];
} WSANETWORKEVENTS, *LPWSANETWORKEVENTS;
int WSAEventSelect(SOCKET s, WSAEVENT hEventObject, LONG lNetworkEvents);
int WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS lpNetworkEvents);

/* WSAConnect and WSAAccept (no connect data and no QoS on TCP/IP). */
typedef struct _QualityOfService QOS, *LPQOS;
#define CF_ACCEPT 0x0000
#define CF_REJECT 0x0001
#define CF_DEFER 0x0002
#define WSATRY_AGAIN 11002
typedef int(CALLBACK *LPCONDITIONPROC)(LPWSABUF lpCallerId, LPWSABUF lpCallerData, LPQOS lpSQOS, LPQOS lpGQOS,
                                       LPWSABUF lpCalleeId, LPWSABUF lpCalleeData, GROUP *g, DWORD_PTR dwCallbackData);
int WSAConnect(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF lpCallerData, LPWSABUF lpCalleeData,
               LPQOS lpSQOS, LPQOS lpGQOS);
SOCKET WSAAccept(SOCKET s, struct sockaddr *addr, LPINT addrlen, LPCONDITIONPROC lpfnCondition,
                 DWORD_PTR dwCallbackData);
/* WSAConnectByNameA/W: resolve nodename and servicename for the socket's family and connect a
 * stream socket to the first address that answers (driver-stub/ws2/connect_calls.c). */
BOOL WSAConnectByNameA(SOCKET s, LPCSTR nodename, LPCSTR servicename, LPDWORD LocalAddressLength,
                       LPSOCKADDR LocalAddress, LPDWORD RemoteAddressLength, LPSOCKADDR RemoteAddress,
                       const struct timeval *timeout, LPWSAOVERLAPPED Reserved);
BOOL WSAConnectByNameW(SOCKET s, LPWSTR nodename, LPWSTR servicename, LPDWORD LocalAddressLength,
                       LPSOCKADDR LocalAddress, LPDWORD RemoteAddressLength, LPSOCKADDR RemoteAddress,
                       const struct timeval *timeout, LPWSAOVERLAPPED Reserved);
#ifdef UNICODE
#define WSAConnectByName WSAConnectByNameW
#else
#define WSAConnectByName WSAConnectByNameA
#endif

/* ------------------------------------------------------------ the SPI (ws2spi.h) */
typedef BOOL(CALLBACK *LPWPUPOSTMESSAGE)(HANDLE, UINT, UINT_PTR, LONG_PTR);
typedef void(CALLBACK *LPWSAUSERAPC)(DWORD_PTR dwContext);

typedef int(WSAAPI *LPWSPIOCTL)(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
                                LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
                                LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine,
                                LPWSATHREADID lpThreadId, LPINT lpErrno);
typedef int(WSAAPI *LPWSPCLOSESOCKET)(SOCKET s, LPINT lpErrno);
typedef BOOL(WSAAPI *LPWSPGETOVERLAPPEDRESULT)(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer, BOOL fWait,
                                               LPDWORD lpdwFlags, LPINT lpErrno);
typedef int(WSAAPI *LPWSPRECV)(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                               LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
                               LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId,
                               LPINT lpErrno);
typedef int(WSAAPI *LPWSPSEND)(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
                               DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
                               LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId,
                               LPINT lpErrno);
typedef int(WSAAPI *LPWSPRECVFROM)(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                                   LPDWORD lpFlags, struct sockaddr *lpFrom, LPINT lpFromlen,
                                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine,
                                   LPWSATHREADID lpThreadId, LPINT lpErrno);
typedef int(WSAAPI *LPWSPSENDTO)(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
                                 DWORD dwFlags, const struct sockaddr *lpTo, int iTolen, LPWSAOVERLAPPED lpOverlapped,
                                 LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine, LPWSATHREADID lpThreadId,
                                 LPINT lpErrno);
typedef int(WSAAPI *LPWSPSETSOCKOPT)(SOCKET s, int level, int optname, const char *optval, int optlen, LPINT lpErrno);
typedef int(WSAAPI *LPWSPGETSOCKOPT)(SOCKET s, int level, int optname, char *optval, LPINT optlen, LPINT lpErrno);

/* The subset of WSPPROC_TABLE that wfpcert drives; member names as in ws2spi.h. */
typedef struct _WSPPROC_TABLE {
    LPWSPCLOSESOCKET lpWSPCloseSocket;
    LPWSPGETOVERLAPPEDRESULT lpWSPGetOverlappedResult;
    LPWSPGETSOCKOPT lpWSPGetSockOpt;
    LPWSPIOCTL lpWSPIoctl;
    LPWSPRECV lpWSPRecv;
    LPWSPRECVFROM lpWSPRecvFrom;
    LPWSPSEND lpWSPSend;
    LPWSPSENDTO lpWSPSendTo;
    LPWSPSETSOCKOPT lpWSPSetSockOpt;
} WSPPROC_TABLE, *LPWSPPROC_TABLE;

int WPUQueueApc(LPWSATHREADID lpThreadId, LPWSAUSERAPC lpfnUserApc, DWORD_PTR dwContext, LPINT lpErrno);

#ifdef __cplusplus
}
#endif

#endif /* _WIN32 */

/* ------------------------------------------------ compile-time checks (A01..A14) */
_Static_assert(SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS == 0x980000DCu, "A01");
_Static_assert(SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT == 0x980000DDu, "A02");
_Static_assert(SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS == 0x980000DEu, "A03");
_Static_assert((SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS & IOC_IN) != 0 &&
                   (SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS & IOC_OUT) == 0 &&
                   ((SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS >> 27) & 3) == 3 &&
                   ((SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS >> 16) & 0x7FF) == 0 &&
                   (SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS & 0xFFFF) == 220,
               "A04 records");
_Static_assert((SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT & IOC_IN) != 0 &&
                   (SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT & IOC_OUT) == 0 &&
                   ((SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT >> 27) & 3) == 3 &&
                   (SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT & 0xFFFF) == 221,
               "A04 context");
_Static_assert((SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS & IOC_IN) != 0 &&
                   (SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS & IOC_OUT) == 0 &&
                   ((SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS >> 27) & 3) == 3 &&
                   (SIO_SET_WFP_CONNECTION_REDIRECT_RECORDS & 0xFFFF) == 222,
               "A04 set");
_Static_assert(SIO_QUERY_WFP_ALE_ENDPOINT_HANDLE == 0x580000CDu, "1.1 ALE endpoint handle");
_Static_assert(FIONREAD == 0x4004667F && (DWORD)FIONBIO == 0x8004667Eu, "1.1 FIONREAD/FIONBIO");
_Static_assert(SIO_FLUSH == 0x28000004 && SIO_GET_EXTENSION_FUNCTION_POINTER == 0xC8000006u,
               "1.1 SIO_FLUSH/extension pointer");
_Static_assert(IP_WFP_REDIRECT_RECORDS == 60 && IP_WFP_REDIRECT_CONTEXT == 70 && IPV6_WFP_REDIRECT_RECORDS == 60 &&
                   IPV6_WFP_REDIRECT_CONTEXT == 70,
               "A05");
_Static_assert(SIO_KEEPALIVE_VALS == 0x98000004u && SIO_UDP_CONNRESET == 0x9800000Cu &&
                   SIO_LOOPBACK_FAST_PATH == 0x98000010u && SIO_ROUTING_INTERFACE_QUERY == 0xC8000014u &&
                   SIO_BSP_HANDLE_POLL == 0x4800001Du && SIO_BASE_HANDLE == 0x48000022u,
               "the everyday codes as the SDK numbers them");
_Static_assert(MSG_TRUNC == 0x100 && MSG_CTRUNC == 0x200 && MSG_BCAST == 0x400 && MSG_MCAST == 0x800, "A06");
#if UINTPTR_MAX > 0xFFFFFFFFu
_Static_assert(sizeof(WSACMSGHDR) == 16, "A07/A09 x64 WSACMSGHDR is 16 bytes (SIZE_T cmsg_len)");
_Static_assert(WSA_CMSG_LEN(0) == 16 && WSA_CMSG_LEN(1) == 17, "A07 WSA_CMSG_LEN");
_Static_assert(WSA_CMSG_SPACE(0) == 16 && WSA_CMSG_SPACE(1) == 24 && WSA_CMSG_SPACE(8) == 24 && WSA_CMSG_SPACE(9) == 32,
               "A07 WSA_CMSG_SPACE");
_Static_assert(WSA_CMSGDATA_ALIGN(sizeof(WSACMSGHDR)) == 16, "A07 WSA_CMSG_DATA offset");
_Static_assert(sizeof(WSAMSG) == 56 && offsetof(WSAMSG, Control) == 32 && offsetof(WSAMSG, dwFlags) == 48 &&
                   sizeof(WSABUF) == 16,
               "A10 x64 WSAMSG");
_Static_assert(sizeof(WSAOVERLAPPED) == 32 && offsetof(WSAOVERLAPPED, hEvent) == 24, "x64 OVERLAPPED");
_Static_assert(sizeof(WSATHREADID) == 16, "x64 WSATHREADID");
_Static_assert(sizeof(OVERLAPPED_ENTRY) == 32 && offsetof(OVERLAPPED_ENTRY, dwNumberOfBytesTransferred) == 24,
               "x64 OVERLAPPED_ENTRY");
#else
_Static_assert(sizeof(WSACMSGHDR) == 12, "A08 x86 WSACMSGHDR");
_Static_assert(WSA_CMSG_LEN(0) == 12 && WSA_CMSG_LEN(1) == 13, "A08 WSA_CMSG_LEN");
_Static_assert(sizeof(WSAMSG) == 28, "A10 x86 WSAMSG");
#endif
_Static_assert(sizeof(SOCKADDR_STORAGE) == 128, "SOCKADDR_STORAGE");
_Static_assert(sizeof(struct sockaddr_in6) == 28 && sizeof(struct sockaddr_in) == 16, "sockaddr");
_Static_assert(ERROR_INSUFFICIENT_BUFFER == 122 && WSAEFAULT == 10014 && WSAEINVAL == 10022 && WSAEOPNOTSUPP == 10045 &&
                   WSAENOTSOCK == 10038 && WSAENOTCONN == 10057 && WSAEACCES == 10013 && WSA_IO_PENDING == 997 &&
                   WSA_OPERATION_ABORTED == 995 && WSA_IO_INCOMPLETE == 996,
               "A14");
_Static_assert(sizeof(DWORD) == 4 && sizeof(ULONG) == 4 && sizeof(u_long) == 4, "LLP64 DWORD/ULONG");

#endif /* WFPCERT_WINSOCK_H */
