// Test support: RSA and EC P-256 keys made with OpenSSL, their public JWKs,
// and JWS signatures (RS256, ES256 as JOSE r||s or as DER), for the tests of
// OIDC bearer tokens.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "auth/base64url.h"

namespace klussen::testing {

class TestKey {
 public:
  static TestKey Rsa(const std::string& kid, size_t bits = 2048) {
    return TestKey(kid, true, EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits));
  }
  static TestKey Ec(const std::string& kid) {
    return TestKey(kid, false, EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  }

  const std::string& kid() const { return kid_; }
  std::string alg() const { return rsa_ ? "RS256" : "ES256"; }

  // The public key as a JWK.
  nlohmann::json Jwk() const {
    if (rsa_) {
      return {{"kty", "RSA"},
              {"kid", kid_},
              {"use", "sig"},
              {"alg", "RS256"},
              {"n", BnParam(OSSL_PKEY_PARAM_RSA_N, 0)},
              {"e", BnParam(OSSL_PKEY_PARAM_RSA_E, 0)}};
    }
    return {{"kty", "EC"},
            {"kid", kid_},
            {"crv", "P-256"},
            {"x", BnParam(OSSL_PKEY_PARAM_EC_PUB_X, 32)},
            {"y", BnParam(OSSL_PKEY_PARAM_EC_PUB_Y, 32)}};
  }

  std::string PublicPem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey_.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<size_t>(size));
    BIO_free(bio);
    return pem;
  }

  // The JWS signature of `input`: RS256, or ES256 as JOSE r||s (or, when
  // `der`, as the DER ECDSA-Sig-Value OpenSSL produces).
  std::string Sign(std::string_view input, bool der = false) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t size = 0;
    EVP_DigestSignInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, pkey_.get(), nullptr);
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    EVP_DigestSign(ctx, nullptr, &size, data, input.size());
    std::string signature(size, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                   input.size());
    signature.resize(size);
    EVP_MD_CTX_free(ctx);
    if (rsa_ || der) return signature;
    const auto* p = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(signature.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
  }

 private:
  TestKey(std::string kid, bool rsa, EVP_PKEY* pkey)
      : kid_(std::move(kid)), rsa_(rsa), pkey_(pkey, EVP_PKEY_free) {
    if (!pkey) throw std::runtime_error("key generation failed");
  }

  // A big-number parameter as base64url, left-padded to `width` bytes.
  std::string BnParam(const char* name, int width) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(pkey_.get(), name, &bn);
    std::string bytes(static_cast<size_t>(std::max(width, BN_num_bytes(bn))), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()),
                 static_cast<int>(bytes.size()));
    BN_free(bn);
    return auth::Base64UrlEncode(bytes);
  }

  std::string kid_;
  bool rsa_;
  std::shared_ptr<EVP_PKEY> pkey_;
};

}  // namespace klussen::testing
