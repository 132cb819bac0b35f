// Package fetch downloads pages and feeds over HTTP for ingest, with the
// guards a crawler run on someone's server needs: connect and total time
// limits, a size limit, a bounded number of redirects, a User-Agent that
// names Storyline, and no connections to private, loopback, link-local,
// multicast or unspecified addresses unless allowed. The address check
// runs when the socket is dialed, after name resolution, so neither a DNS
// answer that changes between checks (rebinding) nor a redirect can lead
// the fetcher into the local network.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Errors returned by Get, wrapped with the URL; test with errors.Is.
var (
	ErrPrivateAddress   = errors.New("refusing to connect to a non-public address")
	ErrTimeout          = errors.New("timed out")
	ErrTooLarge         = errors.New("response too large")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrStatus           = errors.New("unexpected HTTP status")
	ErrScheme           = errors.New("only http and https URLs can be fetched")
)

// Defaults for zero Options fields.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxBytes       = 16 << 20
	DefaultMaxRedirects   = 5
	DefaultUserAgent      = "Storyline/0.1 (news story engine; +https://github.com/storyline-news/storyline)"
)

// Options configure a Client; the zero value is usable.
type Options struct {
	// ConnectTimeout bounds dialing and the TLS handshake.
	ConnectTimeout time.Duration
	// Timeout bounds the whole request, body included.
	Timeout time.Duration
	// MaxBytes is the largest body accepted; a longer one is ErrTooLarge.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed (negative: none).
	MaxRedirects int
	// UserAgent replaces DefaultUserAgent.
	UserAgent string
	// Accept is sent as the Accept header when set.
	Accept string
	// AllowPrivate lets the client connect to loopback, private,
	// link-local and other non-public addresses (tests, intranets).
	AllowPrivate bool
	// Allow, when set, decides which addresses may be dialed instead of
	// IsPublic (AllowPrivate still allows everything).
	Allow func(netip.Addr) bool
}

func (o Options) withDefaults() Options {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	return o
}

// Response is a fetched document.
type Response struct {
	// URL is the final address, after redirects.
	URL string
	// Status is the HTTP status code (always 2xx: others are errors).
	Status int
	// ContentType is the Content-Type header as sent (charset included:
	// decoding is the extraction stage's job).
	ContentType string
	// Header holds all response headers.
	Header http.Header
	// Body is the response body.
	Body []byte
	// Fetched is when the response arrived.
	Fetched time.Time
}

// Client fetches documents; it is safe for concurrent use and reuses
// connections.
type Client struct {
	opts Options
	hc   *http.Client
}

// New returns a Client with opts (zero fields take the defaults).
func New(opts Options) *Client {
	opts = opts.withDefaults()
	dialer := &net.Dialer{
		Timeout:   opts.ConnectTimeout,
		KeepAlive: 30 * time.Second,
		Control:   controlFor(opts),
	}
	tr := &http.Transport{
		// No proxy: with one the dial check would see the proxy's address,
		// not the target's.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opts.ConnectTimeout,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	maxRedir := opts.MaxRedirects
	hc := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if maxRedir < 0 || len(via) > maxRedir {
				return fmt.Errorf("%w (limit %d)", ErrTooManyRedirects, max(maxRedir, 0))
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("%w: redirect to %s", ErrScheme, req.URL.Redacted())
			}
			return nil
		},
	}
	return &Client{opts: opts, hc: hc}
}

// Get fetches url with a one-off Client made from opts.
func Get(ctx context.Context, url string, opts Options) (*Response, error) {
	return New(opts).Get(ctx, url)
}

// Get fetches rawURL. Errors name the URL and wrap one of the package's
// errors when one applies.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("fetch: %s: %w", rawURL, ErrScheme)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	if c.opts.Accept != "" {
		req.Header.Set("Accept", c.opts.Accept)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.wrap(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch: %s: %w: %s", rawURL, ErrStatus, resp.Status)
	}
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch: %s: %w: %d bytes, limit %d", rawURL, ErrTooLarge, resp.ContentLength, c.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, c.wrap(ctx, rawURL, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetch: %s: %w: over %d bytes", rawURL, ErrTooLarge, c.opts.MaxBytes)
	}
	return &Response{
		URL:         resp.Request.URL.String(),
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Header:      resp.Header,
		Body:        body,
		Fetched:     time.Now().UTC(),
	}, nil
}

// wrap names the URL and turns a deadline into ErrTimeout.
func (c *Client) wrap(ctx context.Context, rawURL string, err error) error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("fetch: %s: %w (limit %v): %v", rawURL, ErrTimeout, c.opts.Timeout, err)
	}
	return fmt.Errorf("fetch: %s: %w", rawURL, err)
}

// controlFor returns the dial-time address check.
func controlFor(opts Options) func(network, address string, _ syscall.RawConn) error {
	if opts.AllowPrivate {
		return nil
	}
	allow := opts.Allow
	if allow == nil {
		allow = IsPublic
	}
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			host = address
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return fmt.Errorf("%w: cannot parse %q", ErrPrivateAddress, address)
		}
		if !allow(ip.Unmap()) {
			return fmt.Errorf("%w: %s", ErrPrivateAddress, ip)
		}
		return nil
	}
}

// nonPublic lists ranges that are not reachable public unicast beyond
// what netip's predicates cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),      // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),       // documentation
	netip.MustParsePrefix("198.18.0.0/15"),      // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"),    // documentation
	netip.MustParsePrefix("203.0.113.0/24"),     // documentation
	netip.MustParsePrefix("240.0.0.0/4"),        // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),     // local-use NAT64
	netip.MustParsePrefix("100::/64"),           // discard
	netip.MustParsePrefix("2001:db8::/32"),      // documentation
	netip.MustParsePrefix("fec0::/10"),          // deprecated site-local
	netip.MustParsePrefix("::ffff:0:0:0/96"),    // IPv4-translated
	netip.MustParsePrefix("2002::/16"),          // 6to4 may embed any IPv4
	netip.MustParsePrefix("2001::/32"),          // Teredo may embed any IPv4
	netip.MustParsePrefix("::/128"),             // unspecified
	netip.MustParsePrefix("ff00::/8"),           // multicast
	netip.MustParsePrefix("fe80::/10"),          // link-local
	netip.MustParsePrefix("fc00::/7"),           // unique local
	netip.MustParsePrefix("::1/128"),            // loopback
	netip.MustParsePrefix("169.254.0.0/16"),     // link-local (cloud metadata)
	netip.MustParsePrefix("127.0.0.0/8"),        // loopback
	netip.MustParsePrefix("224.0.0.0/4"),        // multicast
	netip.MustParsePrefix("10.0.0.0/8"),         // private
	netip.MustParsePrefix("172.16.0.0/12"),      // private
	netip.MustParsePrefix("192.168.0.0/16"),     // private
	netip.MustParsePrefix("255.255.255.255/32"), // broadcast
}

// IsPublic reports whether addr is a public unicast address: not
// loopback, private, link-local, multicast, unspecified, nor a reserved,
// documentation or translation range. A NAT64 address is judged by the
// IPv4 address it embeds.
func IsPublic(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.Zone() != "" {
		return false
	}
	if addr.Is6() && netip.MustParsePrefix("64:ff9b::/96").Contains(addr) {
		b := addr.As16()
		return IsPublic(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() ||
		addr.IsMulticast() || addr.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// IsURL reports whether s looks like an http or https URL rather than a
// path.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}
