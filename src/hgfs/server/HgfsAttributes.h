#pragma once

#include "hgfs/codec/HgfsAttrOps.h"
#include "platform/FileInfo.h"
#include "platform/FileRequests.h"

namespace gk::hgfs::server {

// platform::FileInfo -> HgfsAttrV2, with the mask naming what is known
// (hgfsServerLinux.c HgfsStatToFileAttr does the same from struct stat).
HgfsAttr hgfsAttrFrom(const platform::FileInfo &info);

// The parts of a SETATTR a POSIX guest can apply (hgfsServerLinux.c
// HgfsPlatformSetattrFromName; govmomi server.go SetattrV2): owner and group
// ids, permissions (all four classes must be present to form a mode) and the
// access/write times. Size changes are not applied (a transfer never asks).
platform::AttributeChange attributeChangeFrom(const HgfsAttr &attr);

} // namespace gk::hgfs::server
