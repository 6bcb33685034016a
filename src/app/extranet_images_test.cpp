// Photos come from people's cameras and phones, cut short by networks and now and then crafted.
// Every byte string must decode to the whole image or to a clean error on "file": never a crash
// (CI runs this under ASan and UBSan), never a photo padded with grey where its data stopped, never
// an allocation beyond what the 50-megapixel limit allows.
#include "app/extranet_images.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <png.h>

namespace paseo::app {
namespace {

RgbImage pattern(int width, int height) {
  RgbImage img;
  img.width = width;
  img.height = height;
  img.pixels.resize(static_cast<std::size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* px = img.pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
      px[0] = static_cast<std::uint8_t>(x * 255 / width);
      px[1] = static_cast<std::uint8_t>(y * 255 / height);
      px[2] = static_cast<std::uint8_t>((x / 8 + y / 8) % 2 ? 200 : 40);
    }
  }
  return img;
}

// A PNG, RGB or RGBA (alpha falling from opaque on the left to transparent on the right).
std::string png_of(const RgbImage& img, bool alpha) {
  png_image png;
  std::memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(img.width);
  png.height = static_cast<png_uint_32>(img.height);
  png.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
  std::vector<std::uint8_t> pixels;
  if (alpha) {
    for (int y = 0; y < img.height; ++y) {
      for (int x = 0; x < img.width; ++x) {
        const std::uint8_t* px =
            img.pixels.data() + (static_cast<std::size_t>(y) * img.width + x) * 3;
        pixels.insert(pixels.end(), {px[0], px[1], px[2],
                                     static_cast<std::uint8_t>(255 - x * 255 / (img.width - 1))});
      }
    }
  } else {
    pixels = img.pixels;
  }
  png_alloc_size_t size = 0;
  EXPECT_TRUE(png_image_write_to_memory(&png, nullptr, &size, 0, pixels.data(), 0, nullptr));
  std::string out(size, '\0');
  EXPECT_TRUE(png_image_write_to_memory(&png, out.data(), &size, 0, pixels.data(), 0, nullptr));
  out.resize(size);
  return out;
}

struct Sample {
  const char* name;
  const char* content_type;
  std::string bytes;
};

std::vector<Sample> samples() {
  RgbImage img = pattern(96, 64);
  return {{"baseline JPEG", "image/jpeg", *encode_jpeg(img, 85)},
          {"progressive JPEG", "image/jpeg", *encode_jpeg(img, 90, /*progressive=*/true)},
          {"RGB PNG", "image/png", png_of(img, false)},
          {"RGBA PNG", "image/png", png_of(img, true)}};
}

void expect_clean_refusal(const Result<RgbImage>& r, const std::string& what) {
  ASSERT_FALSE(r.ok()) << what << ": decoded " << r->width << "x" << r->height;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << what;
  EXPECT_EQ(r.error().field, "file") << what;
}

std::uint32_t crc32_of(const std::uint8_t* data, std::size_t n) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= data[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void put_be32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

// Rewrites the PNG's declared size (IHDR, right after the 8-byte signature) and its CRC.
std::string png_declaring(std::string png, std::uint32_t width, std::uint32_t height) {
  put_be32(png, 16, width);
  put_be32(png, 20, height);
  auto crc = crc32_of(reinterpret_cast<const std::uint8_t*>(png.data()) + 12, 17);
  put_be32(png, 29, crc);
  return png;
}

// Rewrites the JPEG's declared size (the SOFn segment: marker, length, precision, height, width).
std::string jpeg_declaring(std::string jpeg, std::uint16_t width, std::uint16_t height) {
  for (std::size_t i = 2; i + 9 < jpeg.size(); ++i) {
    auto b = static_cast<unsigned char>(jpeg[i + 1]);
    if (static_cast<unsigned char>(jpeg[i]) == 0xFF && (b == 0xC0 || b == 0xC2)) {
      jpeg[i + 5] = static_cast<char>(height >> 8);
      jpeg[i + 6] = static_cast<char>(height & 0xFF);
      jpeg[i + 7] = static_cast<char>(width >> 8);
      jpeg[i + 8] = static_cast<char>(width & 0xFF);
      return jpeg;
    }
  }
  ADD_FAILURE() << "no SOF marker";
  return jpeg;
}

TEST(ExtranetImages, DecodesWhatWasEncoded) {
  RgbImage img = pattern(96, 64);
  for (const auto& s : samples()) {
    auto r = decode_image(s.bytes, s.content_type);
    ASSERT_TRUE(r.ok()) << s.name << ": " << r.error().message;
    EXPECT_EQ(r->width, 96) << s.name;
    EXPECT_EQ(r->height, 64) << s.name;
    ASSERT_EQ(r->pixels.size(), img.pixels.size()) << s.name;
  }
  EXPECT_NE(samples()[1].bytes.find("\xFF\xC2"), std::string::npos) << "not progressive";
  // Lossless PNG comes back exactly; transparency is composited on white.
  auto rgb = decode_image(png_of(img, false), "image/png");
  EXPECT_EQ(rgb->pixels, img.pixels);
  auto rgba = decode_image(png_of(img, true), "image/png");
  const std::uint8_t* last = rgba->pixels.data() + (95 * 3);  // top row, transparent column
  EXPECT_EQ(last[0], 255);
  EXPECT_EQ(last[1], 255);
  EXPECT_EQ(last[2], 255);
  EXPECT_EQ(rgba->pixels[0], img.pixels[0]);  // opaque column unchanged
  // JPEG is lossy but close.
  auto jpeg = decode_image(*encode_jpeg(img, 95), "image/jpeg");
  int worst = 0;
  for (std::size_t i = 0; i < img.pixels.size(); ++i)
    worst = std::max(worst, std::abs(int{jpeg->pixels[i]} - int{img.pixels[i]}));
  EXPECT_LT(worst, 64);
}

// A photo cut short (a dropped connection, a half-copied file) is refused: libjpeg would otherwise
// fill the missing rows with grey and the supplier would publish a broken photo without knowing.
TEST(ExtranetImages, ImagesCutShortAreRefusedNotPaddedWithGrey) {
  for (const auto& s : samples()) {
    // Keep clear of the last 16 bytes: a JPEG's EOI marker and a PNG's IEND chunk carry no pixels.
    for (std::size_t cut = 0; cut + 16 < s.bytes.size(); cut += 7) {
      auto r = decode_image(std::string_view(s.bytes).substr(0, cut), s.content_type);
      expect_clean_refusal(r, std::string(s.name) + " cut at " + std::to_string(cut));
      if (!r.ok() && cut > s.bytes.size() / 2) {
        EXPECT_NE(r.error().message.find("damaged"), std::string::npos)
            << s.name << " cut at " << cut << ": " << r.error().message;
      }
    }
  }
}

TEST(ExtranetImages, DeclaredSizeOverFiftyMegapixelsIsRefusedBeforeDecoding) {
  auto all = samples();
  for (const auto& s : {all[0], all[1]}) {
    auto r = decode_image(jpeg_declaring(s.bytes, 10000, 10000), s.content_type);
    expect_clean_refusal(r, s.name);
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("too large"), std::string::npos) << s.name;
    }
  }
  for (const auto& s : {all[2], all[3]}) {
    auto r = decode_image(png_declaring(s.bytes, 10000, 10000), s.content_type);
    expect_clean_refusal(r, s.name);
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("too large"), std::string::npos) << s.name;
    }
  }
  // Under the limit but with a few kilobytes of data for 49 megapixels: refused as damaged, not
  // decoded into 147 MB of grey.
  auto jpeg = decode_image(jpeg_declaring(all[0].bytes, 7000, 7000), "image/jpeg");
  expect_clean_refusal(jpeg, "baseline JPEG declaring 7000x7000");
  auto png = decode_image(png_declaring(all[2].bytes, 7000, 7000), "image/png");
  expect_clean_refusal(png, "RGB PNG declaring 7000x7000");
}

// Mutations of each sample: bit flips, bytes overwritten with boundary values, ranges deleted,
// duplicated or inserted. Each must decode whole (and then resize and encode) or fail cleanly.
TEST(ExtranetImages, MutatedImagesDecodeWholeOrFailCleanly) {
  const int iterations =
      std::getenv("PASEO_FUZZ_ITERATIONS") ? std::atoi(std::getenv("PASEO_FUZZ_ITERATIONS")) : 2000;
  const unsigned seed = std::getenv("PASEO_FUZZ_SEED")
                            ? std::strtoul(std::getenv("PASEO_FUZZ_SEED"), nullptr, 10)
                            : 7;
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::array<unsigned char, 6> boundary = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
  auto all = samples();
  int decoded = 0, refused = 0;
  for (int i = 0; i < iterations; ++i) {
    const Sample& s = all[pick(all.size())];
    std::string b = s.bytes;
    int edits = 1 + static_cast<int>(pick(4));
    for (int e = 0; e < edits && !b.empty(); ++e) {
      switch (pick(5)) {
        case 0:
          b[pick(b.size())] ^= static_cast<char>(1u << pick(8));
          break;
        case 1:
          b[pick(b.size())] = static_cast<char>(boundary[pick(boundary.size())]);
          break;
        case 2: {
          std::size_t at = pick(b.size());
          b.erase(at, 1 + pick(std::min<std::size_t>(64, b.size() - at)));
          break;
        }
        case 3: {
          std::size_t at = pick(b.size());
          std::size_t len = 1 + pick(std::min<std::size_t>(256, b.size() - at));
          b.insert(pick(b.size()), b.substr(at, len));
          break;
        }
        default:
          b.insert(pick(b.size()), std::string(1 + pick(32), static_cast<char>(rng())));
      }
    }
    std::string what = std::string(s.name) + " mutation " + std::to_string(i) + " (seed " +
                       std::to_string(seed) + ")";
    auto r = decode_image(b, s.content_type);
    if (!r.ok()) {
      expect_clean_refusal(r, what);
      ++refused;
      continue;
    }
    ++decoded;
    ASSERT_GT(r->width, 0) << what;
    ASSERT_GT(r->height, 0) << what;
    ASSERT_LE(std::int64_t{r->width} * r->height, 50'000'000) << what;
    ASSERT_EQ(r->pixels.size(), static_cast<std::size_t>(r->width) * r->height * 3) << what;
    auto small = fit_within(*r, 32);
    auto jpeg = encode_jpeg(small, 80);
    ASSERT_TRUE(jpeg.ok()) << what;
  }
  // Both outcomes must be reached, or the mutations test nothing.
  EXPECT_GT(decoded, iterations / 20);
  EXPECT_GT(refused, iterations / 20);
  std::printf("decoded %d, refused %d\n", decoded, refused);
}

}  // namespace
}  // namespace paseo::app
