// Whether an IP address is internal: loopback, private (RFC 1918, unique
// local), link-local, carrier-grade NAT, or unspecified. A fetch that
// started at a public address must not be redirected to one of these: a
// feed server on the internet could otherwise make the daemon send
// requests to services that only trust the machine or its network (the
// cloud metadata address, an admin port on loopback).
//
// Thread safety: pure functions.
#pragma once

#include <boost/asio/ip/address.hpp>

namespace newsdedup {

bool IsInternalAddress(const boost::asio::ip::address& address);

}  // namespace newsdedup
