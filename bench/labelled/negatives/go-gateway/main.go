package main

import (
	"crypto/sha256"
	"errors"
	"net/http"
	"os"
)

const tokenHeader = "X-Gateway-Token"

var ErrInvalidToken = errors.New("invalid token")

func token() string {
	return os.Getenv("GATEWAY_TOKEN")
}

func digest(body []byte) [32]byte {
	return sha256.Sum256(body)
}

var emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func handler(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get(tokenHeader) != token() {
		http.Error(w, ErrInvalidToken.Error(), http.StatusUnauthorized)
	}
}
