"""Article PDFs: rendering with WeasyPrint, caching in media storage, exports."""
