// Image decoding, resizing and JPEG encoding for product photos, over Debian's libjpeg-turbo and
// libpng (libjpeg-dev, libpng-dev). Decoding failures are kInvalidArgument (field "file"), never a
// crash: both libraries' error paths are trapped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace paseo::app {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // RGB, row-major, 3 bytes per pixel
};

// Decodes a JPEG or PNG (alpha composited on white). Errors are kInvalidArgument on "file": an
// image declaring over 50 megapixels is refused before its pixels are allocated; one whose data
// stops early or is corrupt is refused as damaged (libjpeg would fill the rest with grey).
Result<RgbImage> decode_image(std::string_view bytes, std::string_view content_type);

// Scales down (area average) so that the longer side is at most `max_side`; never scales up.
RgbImage fit_within(const RgbImage& image, int max_side);

// JPEG at `quality` (1..100), baseline unless `progressive`.
Result<std::string> encode_jpeg(const RgbImage& image, int quality, bool progressive = false);

}  // namespace paseo::app
