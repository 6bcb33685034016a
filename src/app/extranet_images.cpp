#include "app/extranet_images.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>
// jerror.h after jpeglib.h: it names the warning codes.
#include <jerror.h>
#include <png.h>

namespace paseo::app {

namespace {

constexpr std::int64_t kMaxPixels = 50'000'000;

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  bool damaged = false;
};

void jpeg_fail(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegError*>(cinfo->err);
  std::longjmp(err->jump, 1);
}

void jpeg_silent(j_common_ptr, int) {}

// libjpeg only warns when the image data runs out or is corrupt, and goes on with grey blocks
// where the data was: for an upload that means a photo cut short by the network, published
// half grey. Those warnings end the decoding; the others (an extra byte before a marker, an
// unknown JFIF revision) leave the pixels whole and are let through, as browsers do.
void jpeg_refuse_lost_data(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
      reinterpret_cast<JpegError*>(cinfo->err)->damaged = true;
      std::longjmp(reinterpret_cast<JpegError*>(cinfo->err)->jump, 1);
    default:
      return;
  }
}

enum class Decoded { kOk, kUnreadable, kDamaged, kTooLarge };

// setjmp/longjmp: no C++ object with a destructor may live between them, so these helpers keep
// every vector outside the protected region (filled after it returns).
Decoded decode_jpeg_raw(const unsigned char* data, unsigned long size, RgbImage* out) {
  jpeg_decompress_struct cinfo;
  JpegError err;
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.emit_message = jpeg_refuse_lost_data;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return err.damaged ? Decoded::kDamaged : Decoded::kUnreadable;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, size);
  jpeg_read_header(&cinfo, TRUE);
  if (static_cast<std::int64_t>(cinfo.image_width) * cinfo.image_height > kMaxPixels) {
    jpeg_destroy_decompress(&cinfo);
    return Decoded::kTooLarge;
  }
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  out->width = static_cast<int>(cinfo.output_width);
  out->height = static_cast<int>(cinfo.output_height);
  std::size_t stride = static_cast<std::size_t>(out->width) * 3;
  auto* buffer =
      static_cast<unsigned char*>(std::malloc(stride * static_cast<std::size_t>(out->height)));
  if (buffer == nullptr) {
    jpeg_destroy_decompress(&cinfo);
    return Decoded::kTooLarge;
  }
  // Re-arm the error jump so corrupt scanlines free the buffer (`buffer` is not modified after
  // this setjmp, so its value is well defined after a longjmp).
  if (setjmp(err.jump)) {
    std::free(buffer);
    jpeg_destroy_decompress(&cinfo);
    return err.damaged ? Decoded::kDamaged : Decoded::kUnreadable;
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = buffer + stride * cinfo.output_scanline;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  out->pixels.assign(buffer, buffer + stride * static_cast<std::size_t>(out->height));
  std::free(buffer);
  return Decoded::kOk;
}

Error too_large() {
  return Error::invalid_argument("the image is too large (50 megapixels at most)", "file")
      .with_key("upload.imageTooLarge");
}

}  // namespace

Result<RgbImage> decode_image(std::string_view bytes, std::string_view content_type) {
  RgbImage img;
  if (content_type == "image/jpeg") {
    switch (decode_jpeg_raw(reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<unsigned long>(bytes.size()), &img)) {
      case Decoded::kOk:
        return img;
      case Decoded::kDamaged:
        return Error::invalid_argument(
                   "the JPEG image is damaged or cut short: upload the file again", "file")
            .with_key("upload.imageDamaged");
      case Decoded::kTooLarge:
        return too_large();
      case Decoded::kUnreadable:
        break;
    }
    return Error::invalid_argument("the JPEG image could not be read", "file")
        .with_key("upload.imageUnreadable");
  }
  if (content_type == "image/png") {
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) {
      return Error::invalid_argument("the PNG image could not be read", "file")
          .with_key("upload.imageUnreadable");
    }
    if (static_cast<std::int64_t>(png.width) * png.height > kMaxPixels) {
      png_image_free(&png);
      return too_large();
    }
    png.format = PNG_FORMAT_RGB;
    img.width = static_cast<int>(png.width);
    img.height = static_cast<int>(png.height);
    img.pixels.resize(PNG_IMAGE_SIZE(png));
    png_color white{255, 255, 255};
    if (!png_image_finish_read(&png, &white, img.pixels.data(), 0, nullptr)) {
      // The header was read: what failed is the image data (cut short, bad checksum).
      png_image_free(&png);
      return Error::invalid_argument("the PNG image is damaged or cut short: upload the file again",
                                     "file")
          .with_key("upload.imageDamaged");
    }
    return img;
  }
  return Error::invalid_argument("only JPEG and PNG images are accepted", "file")
      .with_key("upload.photoType");
}

RgbImage fit_within(const RgbImage& image, int max_side) {
  int longer = std::max(image.width, image.height);
  if (longer <= max_side || image.width == 0 || image.height == 0) return image;
  RgbImage out;
  out.width =
      std::max(1, static_cast<int>(static_cast<std::int64_t>(image.width) * max_side / longer));
  out.height =
      std::max(1, static_cast<int>(static_cast<std::int64_t>(image.height) * max_side / longer));
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  // Area average: each output pixel averages the source rectangle it covers.
  for (int y = 0; y < out.height; ++y) {
    int y0 = static_cast<int>(static_cast<std::int64_t>(y) * image.height / out.height);
    int y1 = std::max(
        y0 + 1, static_cast<int>(static_cast<std::int64_t>(y + 1) * image.height / out.height));
    for (int x = 0; x < out.width; ++x) {
      int x0 = static_cast<int>(static_cast<std::int64_t>(x) * image.width / out.width);
      int x1 = std::max(
          x0 + 1, static_cast<int>(static_cast<std::int64_t>(x + 1) * image.width / out.width));
      std::uint64_t sum[3] = {0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        const std::uint8_t* row =
            image.pixels.data() + (static_cast<std::size_t>(sy) * image.width) * 3;
        for (int sx = x0; sx < x1; ++sx) {
          sum[0] += row[sx * 3];
          sum[1] += row[sx * 3 + 1];
          sum[2] += row[sx * 3 + 2];
        }
      }
      std::uint64_t n = static_cast<std::uint64_t>(y1 - y0) * static_cast<std::uint64_t>(x1 - x0);
      std::uint8_t* px = out.pixels.data() + (static_cast<std::size_t>(y) * out.width + x) * 3;
      for (int c = 0; c < 3; ++c) px[c] = static_cast<std::uint8_t>((sum[c] + n / 2) / n);
    }
  }
  return out;
}

Result<std::string> encode_jpeg(const RgbImage& image, int quality, bool progressive) {
  if (image.width <= 0 || image.height <= 0)
    return Error::invalid_argument("empty image", "file").with_key("upload.imageUnreadable");
  jpeg_compress_struct cinfo;
  JpegError err;
  cinfo.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.emit_message = jpeg_silent;
  unsigned char* mem = nullptr;
  unsigned long mem_size = 0;
  if (setjmp(err.jump)) {
    // `mem` is written by libjpeg after setjmp, so it is not read here (a leak on a path that
    // encoding our own RGB buffer does not take).
    jpeg_destroy_compress(&cinfo);
    return Error::internal("JPEG encoding failed");
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &mem, &mem_size);
  cinfo.image_width = static_cast<JDIMENSION>(image.width);
  cinfo.image_height = static_cast<JDIMENSION>(image.height);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  if (progressive) jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  std::size_t stride = static_cast<std::size_t>(image.width) * 3;
  while (cinfo.next_scanline < cinfo.image_height) {
    auto* row = const_cast<JSAMPLE*>(image.pixels.data() + stride * cinfo.next_scanline);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::string out(reinterpret_cast<const char*>(mem), mem_size);
  std::free(mem);
  return out;
}

}  // namespace paseo::app
