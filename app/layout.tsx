import type { Metadata, Viewport } from 'next';
import { Enhancements, ViewReload } from '@/components/Enhancements';
import { ViewBar } from '@/components/ViewBar';
import { TITLE_TEMPLATE } from '@/lib/format';
import { pageView } from '@/lib/mail';
import { viewUrl } from '@/lib/urls';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Feather', template: TITLE_TEMPLATE },
  description: 'Read your mail online.',
  robots: { index: false, follow: false },
};

// Form controls and scrollbars follow the light or dark scheme (a meta tag: the same in CSS costs a polyfill's bytes).
export const viewport: Viewport = { width: 'device-width', initialScale: 1, colorScheme: 'light dark' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { view, here } = await pageView();
  return (
    <html lang="en">
      <body className="bg-canvas text-ink">
        <div>
          <a href="#main" className="skip-link">
            Skip to content
          </a>
        </div>
        {view === 'basic' ? <ViewBar standardHref={viewUrl('standard', here)} /> : null}
        {children}
        <Enhancements />
        <ViewReload basic={view === 'basic'} />
      </body>
    </html>
  );
}
